/*
 * Arrays made for the user live in one allocation: the OIFArrayF64, then its
 * dimensions, then (aligned) its data, so that one free releases it all.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <oif/c_bindings.h>
#include <oif/error.h>
#include <oif/util.h>

#include "shortest_double.h"

enum {
    MAX_DIMENSIONS = 32,
    DATA_ALIGNMENT = 16, /* enough for SSE/NEON loads of two doubles */
};

/* The data offset is rounded up to DATA_ALIGNMENT relative to the start of
 * the allocation, which is only aligned if malloc aligns that much. */
_Static_assert(_Alignof(max_align_t) >= DATA_ALIGNMENT, "malloc alignment too small");

static size_t data_offset(int nd)
{
    size_t end_of_dimensions = sizeof(OIFArrayF64) + (size_t)nd * sizeof(ssize_t);
    return (end_of_dimensions + DATA_ALIGNMENT - 1) / DATA_ALIGNMENT * DATA_ALIGNMENT;
}

/* The byte size of the data, or 0 with the reason recorded.  Bounded by
 * SSIZE_MAX so that element counts and byte offsets fit in ssize_t. */
static size_t data_size(int nd, const intptr_t *dimensions)
{
    if (nd < 1 || nd > MAX_DIMENSIONS) {
        oif_set_error("array: nd must be between 1 and %d, not %d", MAX_DIMENSIONS, nd);
        return 0;
    }
    if (dimensions == NULL) {
        oif_set_error("array: the dimensions are NULL");
        return 0;
    }
    size_t nbytes = sizeof(double);
    for (int i = 0; i < nd; i++) {
        if (dimensions[i] <= 0) {
            oif_set_error("array: dimension %d is %" PRIdPTR ", but must be positive", i,
                          dimensions[i]);
            return 0;
        }
        if (__builtin_mul_overflow(nbytes, (size_t)dimensions[i], &nbytes) || nbytes > SSIZE_MAX) {
            oif_set_error("array: the size overflows: dimensions 0 to %d hold more than %zd bytes",
                          i, (ssize_t)SSIZE_MAX);
            return 0;
        }
    }
    return nbytes;
}

static OIFArrayF64 *allocate_array(int nd, const intptr_t *dimensions, size_t *data_bytes)
{
    *data_bytes = data_size(nd, dimensions);
    if (*data_bytes == 0) {
        return NULL;
    }
    size_t offset = data_offset(nd);
    /* No overflow: data_bytes <= SSIZE_MAX and offset is small. */
    unsigned char *block = oif_util_malloc(offset + *data_bytes);
    if (block == NULL) {
        return NULL;
    }
    OIFArrayF64 *array = (OIFArrayF64 *)block;
    array->nd = nd;
    array->dimensions = (ssize_t *)(block + sizeof *array);
    for (int i = 0; i < nd; i++) {
        array->dimensions[i] = dimensions[i];
    }
    array->data = (double *)(block + offset);
    /* Without strides, a 1-D array is both; a larger one is row-major. */
    array->flags = nd == 1 ? OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS
                           : OIF_ARRAY_C_CONTIGUOUS;
    return array;
}

OIFArrayF64 *oif_create_array_f64(int nd, const intptr_t *dimensions)
{
    size_t data_bytes;
    return allocate_array(nd, dimensions, &data_bytes);
}

OIFArrayF64 *oif_init_array_f64_from_data(int nd, const intptr_t *dimensions, const double *data)
{
    if (data == NULL) {
        oif_set_error("array: the data to copy is NULL");
        return NULL;
    }
    size_t data_bytes;
    OIFArrayF64 *array = allocate_array(nd, dimensions, &data_bytes);
    if (array != NULL) {
        memcpy(array->data, data, data_bytes);
    }
    return array;
}

void oif_free_array_f64(OIFArrayF64 *x) { oif_util_free(x); }

/* As MaRDI Open Interfaces 0.7 showed a row, "[ 1, 2.5, -3 ]" (each value
 * as "%g" where those digits are the value, else exact: see
 * format_double_as_printf), without the backspaces 0.7 printed to take back
 * the last ", ", which a file or pipe would keep. */
static void print_row(const double *first, ssize_t length, ssize_t stride)
{
    char text[PRINTED_DOUBLE_CAPACITY];
    fputs("[ ", stdout);
    for (ssize_t j = 0; j < length; j++) {
        if (j > 0) {
            fputs(", ", stdout);
        }
        fputs(format_double_as_printf('g', first[j * stride], text, sizeof text), stdout);
    }
    fputs(" ]", stdout);
}

static bool printable(const OIFArrayF64 *x, int nd, const char *function)
{
    if (x == NULL || x->dimensions == NULL || x->data == NULL) {
        oif_set_error("%s: the array, its dimensions or its data are NULL", function);
        return false;
    }
    if (x->nd != nd) {
        oif_set_error("%s: expected an array with nd = %d, got nd = %d", function, nd, x->nd);
        return false;
    }
    return true;
}

void oif_print_vector(const OIFArrayF64 *x)
{
    if (printable(x, 1, __func__)) {
        print_row(x->data, x->dimensions[0], 1);
        putchar('\n');
    }
}

/* The rows as 0.7's output appears on a terminal: a line "[ ", a line per
 * row "[ 1, 2, 3 ],", and "]". */
void oif_print_matrix(const OIFArrayF64 *mat)
{
    if (!printable(mat, 2, __func__)) {
        return;
    }
    ssize_t rows = mat->dimensions[0];
    ssize_t columns = mat->dimensions[1];
    /* Only an array flagged F and not C is column-major: one with both flags
     * has a single row or column, and one with neither (built by hand) is
     * taken to have the default, row-major layout. */
    bool column_major = OIF_ARRAY_F_CONTIGUOUS(mat) && !OIF_ARRAY_C_CONTIGUOUS(mat);
    fputs("[ \n", stdout);
    for (ssize_t i = 0; i < rows; i++) {
        if (column_major) {
            print_row(mat->data + i, columns, rows);
        } else {
            print_row(mat->data + i * columns, columns, 1);
        }
        fputs(",\n", stdout);
    }
    fputs("]\n", stdout);
}
