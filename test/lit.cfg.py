# lit configuration for runmatc's tests: runmatc, runmat-opt and FileCheck on PATH.
import os

import lit.formats

config.name = "runmatc"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".m", ".test", ".yaml"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.runmat_obj_root, "test")
config.excludes = ["Inputs", "unit", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in"]

config.environment["PATH"] = os.pathsep.join(
    [config.runmat_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
config.substitutions.append(("%suite", os.path.join(config.runmat_src_root, "examples", "suite")))
config.substitutions.append(("%examples", os.path.join(config.runmat_src_root, "examples")))

# auto decides as on the H200 machine: its calibrations forced on lavapipe.
_inputs = os.path.join(config.runmat_src_root, "test", "gpu", "Inputs")
config.substitutions.append(("%{h200}", "env RUNMAT_CACHE_DIR=%t.cache RUNMAT_COST_DEVICE=discrete "
                             "RUNMAT_CALIBRATION_FILE_GPU=" + os.path.join(_inputs, "h200-gpu.yaml") +
                             " RUNMAT_CALIBRATION_FILE_CPU=" + os.path.join(_inputs, "h200-cpu.yaml")))
