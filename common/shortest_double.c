#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "shortest_double.h"

char *format_shortest_double(double value, char *text, size_t size)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(text, size, "%.*g", digits, value);
        if (strtod(text, NULL) == value) {
            break;
        }
    }
    return text;
}

char *format_double_as_printf(char conversion, double value, char *text, size_t size)
{
    int n = conversion == 'f' ? snprintf(text, size, "%f", value) : snprintf(text, size, "%g", value);
    /* NaN never equals itself, and its digits are exact anyway. */
    bool exact = value != value || strtod(text, NULL) == value;
    if (n < 0 || (size_t)n >= size || !exact) {
        format_shortest_double(value, text, size);
    }
    return text;
}
