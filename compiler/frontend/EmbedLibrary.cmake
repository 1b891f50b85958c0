# Writes LIBRARY_CPP: the MATLAB sources of compiler/frontend/library/*.m as a
# table the tracer searches after the program's own functions.
file(GLOB sources "${LIBRARY_DIR}/*.m")
list(SORT sources)
set(body "")
foreach(src ${sources})
  get_filename_component(name "${src}" NAME_WE)
  file(READ "${src}" text)
  string(APPEND body "    {\"${name}\", R\"rmlib(${text})rmlib\"},\n")
endforeach()
file(WRITE "${LIBRARY_CPP}.tmp"
"// Generated from compiler/frontend/library/*.m by EmbedLibrary.cmake.
#include \"Library.h\"

namespace runmat::frontend {

const std::map<std::string, std::string> &libraryFunctions() {
  static const std::map<std::string, std::string> table = {
${body}  };
  return table;
}

} // namespace runmat::frontend
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${LIBRARY_CPP}.tmp" "${LIBRARY_CPP}")
