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
