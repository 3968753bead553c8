# Every third-party library comes from Debian 12 packages (scripts/install-deps).
# Each is exposed as an imported target so the mi libraries link by name, not by flags.

find_package(PkgConfig REQUIRED)
find_package(OpenSSL 3.0 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(Threads REQUIRED)
if(MI_BUILD_TESTS)
  find_package(doctest 2.4 REQUIRED)
endif()

pkg_check_modules(MAGIC REQUIRED IMPORTED_TARGET libmagic)
pkg_check_modules(TESSERACT REQUIRED IMPORTED_TARGET tesseract)
pkg_check_modules(LEPTONICA REQUIRED IMPORTED_TARGET lept)
pkg_check_modules(CLAMAV REQUIRED IMPORTED_TARGET libclamav)

# qpdf: CMake config package; the transition macro opts into std::shared_ptr PointerHolder.
find_package(qpdf 11 REQUIRED)
add_library(mi_qpdf INTERFACE)
target_link_libraries(mi_qpdf INTERFACE qpdf::libqpdf)
target_compile_definitions(mi_qpdf INTERFACE POINTERHOLDER_TRANSITION=4)
add_library(mi::qpdf ALIAS mi_qpdf)

# MuPDF: Debian ships static archives only and mupdf.pc lists neither its real
# dependencies nor its real version, so the link line is spelled out here.
find_library(MUPDF_LIBRARY NAMES libmupdf.a mupdf REQUIRED)
find_library(MUPDF_THIRD_LIBRARY NAMES libmupdf-third.a mupdf-third REQUIRED)
find_path(MUPDF_INCLUDE_DIR mupdf/fitz.h REQUIRED)
pkg_check_modules(MUPDF_DEPS REQUIRED IMPORTED_TARGET freetype2 harfbuzz libopenjp2 jbig2dec zlib)
find_library(MUJS_LIBRARY mujs REQUIRED)
find_library(GUMBO_LIBRARY gumbo REQUIRED)
find_library(JPEG_LIBRARY jpeg REQUIRED)
add_library(mi_mupdf INTERFACE)
target_include_directories(mi_mupdf SYSTEM INTERFACE ${MUPDF_INCLUDE_DIR})
target_link_libraries(mi_mupdf INTERFACE
  ${MUPDF_LIBRARY} ${MUPDF_THIRD_LIBRARY} PkgConfig::MUPDF_DEPS
  ${MUJS_LIBRARY} ${GUMBO_LIBRARY} ${JPEG_LIBRARY} m)
add_library(mi::mupdf ALIAS mi_mupdf)
