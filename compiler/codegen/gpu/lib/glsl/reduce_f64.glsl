// Double-precision counterparts of reduce.glsl.
double rm_subgroup_maxnum(double x) {
  bool allNaN = subgroupAll(isnan(x));
  double m = subgroupMax(isnan(x) ? -RM_INF_F64 : x);
  return allNaN ? x : m;
}
double rm_subgroup_minnum(double x) {
  bool allNaN = subgroupAll(isnan(x));
  double m = subgroupMin(isnan(x) ? RM_INF_F64 : x);
  return allNaN ? x : m;
}
