//===- RunMatAttrs.td - attributes of the runmat dialect ---*- tablegen -*-===//

#ifndef RUNMAT_ATTRS_TD
#define RUNMAT_ATTRS_TD

include "runmat/Dialect/RunMat/RunMatBase.td"

class RunMat_Attr<string name, string attrMnemonic> : AttrDef<RunMat_Dialect, name> {
  let mnemonic = attrMnemonic;
}

def RunMat_ScheduleAttr : RunMat_Attr<"Schedule", "schedule"> {
  let summary = "a kernel's GPU schedule, as runmat-autotune chose it";
  let description = [{
    What the GPU launch of a kernel uses: invocations per workgroup (the
    shader's specialisation constant RM_WG), workgroups per compute unit
    (a map kernel's cap, a split reduction's occupancy), workgroups per
    compute unit of a reduction's flat form, and the reduction's form
    (`auto`: flat where it applies, else split; `split`: always split).
    `source` says where it came from: `model` (the pass's model of the
    device), `tuned` (a tuning database's measured winner for `device` at
    2^`bucket` iteration points), `fallback` (the device cannot take the
    tuned or modelled value). A bucket of -1 is any size, a device of ""
    any device; the shim picks by the contract's rule (KernelSchedule.h).

    ```mlir
    #runmat.schedule<workgroup_size = 256, groups_per_unit = 16, flat_groups_per_unit = 8,
                     form = "auto", source = "model", bucket = -1, device = "">
    ```
  }];
  let parameters = (ins "int64_t":$workgroup_size, "int64_t":$groups_per_unit, "int64_t":$flat_groups_per_unit,
                        StringRefParameter<"auto or split">:$form, StringRefParameter<"model, tuned or fallback">:$source,
                        "int64_t":$bucket, StringRefParameter<"the device identity key, or empty">:$device);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    // The contract's model of it (KernelSchedule.h), which the manifest writes.
    ::runmat::KernelSchedule toContract() const;
    static ScheduleAttr fromContract(::mlir::MLIRContext *context, const ::runmat::KernelSchedule &s);
  }];
}

def RunMat_ParamSourceAttr : RunMat_Attr<"ParamSource", "param_source"> {
  let summary = "where a parameter the shim sets gets its value when a run starts";
  let description = [{
    On an entry's argument beside `runmat.param`: the parameter is not the
    user's. `from = "env"`: a number asked of environment variable `var`'s
    text after `transforms` (lower, upper, strtrim), with `fallback` standing
    for the text when the variable is unset or empty (`has_fallback`); the
    `query` is `length`, `number` (str2double) or `equals` (`literal`).
    `from = "given"`: 1 when the user bound parameter `var`, else 0. The
    contract's ParamSource.h defines the rules.

    ```mlir
    #runmat.param_source<from = "env", var = "MC_M", transforms = [], has_fallback = false,
                         fallback = "", query = "number", literal = "">
    ```
  }];
  let parameters = (ins StringRefParameter<"env or given">:$from, StringRefParameter<"the variable">:$var,
                        "::mlir::ArrayAttr":$transforms, "bool":$has_fallback, StringRefParameter<"">:$fallback,
                        StringRefParameter<"length, number or equals">:$query, StringRefParameter<"">:$literal);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    ::runmat::ParamSource toContract() const;
    static ParamSourceAttr fromContract(::mlir::MLIRContext *context, const ::runmat::ParamSource &s);
  }];
}

#endif // RUNMAT_ATTRS_TD
