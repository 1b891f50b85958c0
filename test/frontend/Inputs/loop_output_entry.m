% An entry function whose outputs are set in loops (test/frontend/loop_outputs.m).
function [s, t] = loop_output_entry(x)
  s = 0;
  for j = 1:3
    s = 0;
    s = s + j;
  end
  for j = 1:2
    t = x * j;
  end
end
