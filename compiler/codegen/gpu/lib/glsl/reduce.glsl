// Subgroup max and min that ignore NaN, as MATLAB's max and min do: NaN
// only when every lane holds NaN.
float rm_subgroup_maxnum(float x) {
  bool allNaN = subgroupAll(isnan(x));
  float m = subgroupMax(isnan(x) ? -RM_INF_F32 : x);
  return allNaN ? x : m;
}
float rm_subgroup_minnum(float x) {
  bool allNaN = subgroupAll(isnan(x));
  float m = subgroupMin(isnan(x) ? RM_INF_F32 : x);
  return allNaN ? x : m;
}
