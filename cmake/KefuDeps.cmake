# Third-party libraries, all from Debian 12 packages (scripts/deps.txt).
# Each becomes an imported target PkgConfig::NAME that a module links PRIVATE.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLITE3   REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(JANSSON   REQUIRED IMPORTED_TARGET jansson)
pkg_check_modules(INIH      REQUIRED IMPORTED_TARGET inih)
pkg_check_modules(UTF8PROC  REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(OPENCC    REQUIRED IMPORTED_TARGET opencc)
pkg_check_modules(READLINE  REQUIRED IMPORTED_TARGET readline)
pkg_check_modules(ESPEAKNG  REQUIRED IMPORTED_TARGET espeak-ng)
pkg_check_modules(SNDFILE   REQUIRED IMPORTED_TARGET sndfile)
pkg_check_modules(SOXR      REQUIRED IMPORTED_TARGET soxr)
pkg_check_modules(POCKETSPHINX REQUIRED IMPORTED_TARGET pocketsphinx sphinxbase)
# Debian 12's sphinxbase.pc names /usr/include/sphinxbase, which the package
# does not ship (its headers are under the multiarch folder); CMake refuses
# imported targets with missing include folders, so drop the ones not there.
get_target_property(_ps_inc PkgConfig::POCKETSPHINX INTERFACE_INCLUDE_DIRECTORIES)
set(_ps_kept)
foreach(_d ${_ps_inc})
  if(EXISTS "${_d}")
    list(APPEND _ps_kept "${_d}")
  endif()
endforeach()
set_target_properties(PkgConfig::POCKETSPHINX PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_ps_kept}")
if(KEFU_WITH_SPEECHD)
  pkg_check_modules(SPEECHD REQUIRED IMPORTED_TARGET speech-dispatcher)
endif()
if(KEFU_WITH_PULSE)
  pkg_check_modules(PULSE REQUIRED IMPORTED_TARGET libpulse-simple)
endif()

# Debian's libstemmer-dev (Snowball) ships no pkg-config file.
find_library(STEMMER_LIBRARY NAMES stemmer REQUIRED)
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
add_library(Kefu::stemmer UNKNOWN IMPORTED)
set_target_properties(Kefu::stemmer PROPERTIES
  IMPORTED_LOCATION "${STEMMER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${STEMMER_INCLUDE_DIR}")

find_program(MSGFMT_EXECUTABLE msgfmt REQUIRED)
