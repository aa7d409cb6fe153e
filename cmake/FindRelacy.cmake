# FindRelacy
# ----------
# Finds Relacy Race Detector, a header-only model checker (Debian: relacy-dev).
#
# Provides the imported target Relacy::Relacy and sets Relacy_FOUND and Relacy_INCLUDE_DIR.
# Set Relacy_ROOT (or CMAKE_PREFIX_PATH) to a directory containing relacy/relacy.hpp to use a
# copy outside the system include path.

find_path(Relacy_INCLUDE_DIR
  NAMES relacy/relacy.hpp
  DOC "Directory that contains relacy/relacy.hpp")
mark_as_advanced(Relacy_INCLUDE_DIR)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Relacy REQUIRED_VARS Relacy_INCLUDE_DIR)

if(Relacy_FOUND AND NOT TARGET Relacy::Relacy)
  add_library(Relacy::Relacy INTERFACE IMPORTED)
  set_target_properties(Relacy::Relacy PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${Relacy_INCLUDE_DIR}")
endif()
