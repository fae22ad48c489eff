#include <oif/version.h>

/* Compiled into the library, so a program learns the version it runs with,
 * which may be newer than the headers it was compiled against. */
const char *oif_version(void) { return OIF_VERSION_STRING; }
