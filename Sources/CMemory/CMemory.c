// Everything is in the header (static inline); SwiftPM wants a C target to have a source file.
#include "CMemory.h"
