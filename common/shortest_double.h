#ifndef OIF_LANG_C_SHORTEST_DOUBLE_H
#define OIF_LANG_C_SHORTEST_DOUBLE_H

#include <stddef.h>

/* Writes the shortest of 15 to 17 significant digits ("%.*g") that reads back
 * as the same double, so that 0.1 prints as "0.1" yet every value prints
 * exactly.  `text` needs 32 bytes.  Returns `text`. */
char *format_shortest_double(double value, char *text, size_t size);

#endif
