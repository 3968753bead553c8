# Writes a C++ source defining mi::default_policy_text() from a text file (cmake -P script).
file(READ ${INPUT} content)
set(delimiter "mi_embed")
file(WRITE ${OUTPUT}
  "#include <string_view>\nnamespace mi {\nstd::string_view default_policy_text() {\n"
  "  return R\"${delimiter}(${content})${delimiter}\";\n}\n} // namespace mi\n")
