% Driver for bubblesort.m (sali29/ENGR391, by Brian Moore).
disp(bubblesort([5 3 9 1 7 2 8 6 4 0]))
y = bubblesort([3.5; -1; 2; 2; 0]);
disp(y')
