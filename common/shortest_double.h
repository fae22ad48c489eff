#ifndef OIF_LANG_C_SHORTEST_DOUBLE_H
#define OIF_LANG_C_SHORTEST_DOUBLE_H

#include <stddef.h>

/* Writes the shortest of 15 to 17 significant digits ("%.*g") that reads back
 * as the same double, so that 0.1 prints as "0.1" yet every value prints
 * exactly.  `text` needs 32 bytes.  Returns `text`. */
char *format_shortest_double(double value, char *text, size_t size);

/* Room for any double printed by format_double_as_printf(): "%f" of -DBL_MAX
 * has 309 digits before the point. */
enum { PRINTED_DOUBLE_CAPACITY = 330 };

/*
 * Writes `value` as printf's "%f" (conversion 'f') or "%g" (any other) would,
 * which is how MaRDI Open Interfaces 0.7 printed values, as long as that
 * reads back as the same double (0.1 as "0.100000" or "0.1"); a value those
 * digits would change (1e-8 as "0.000000", 2/3 as "0.666667") is written as
 * format_shortest_double() writes it instead.  `text` needs
 * PRINTED_DOUBLE_CAPACITY bytes.  Returns `text`.
 */
char *format_double_as_printf(char conversion, double value, char *text, size_t size);

#endif
