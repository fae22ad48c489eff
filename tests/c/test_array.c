/* Arrays made by the library: layout, validation of dimensions, printing. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "test_support.h"

enum { MAX_DIMENSIONS = 32 };

static void assert_data_aligned(const OIFArrayF64 *array)
{
    assert_int_equal((uintptr_t)array->data % 16, 0);
}

static void test_create_matrix(void **state)
{
    (void)state;
    intptr_t dimensions[] = {3, 4};
    OIFArrayF64 *matrix = oif_create_array_f64(2, dimensions);
    assert_non_null(matrix);
    dimensions[0] = 99;

    assert_int_equal(matrix->nd, 2);
    assert_int_equal(matrix->dimensions[0], 3);
    assert_int_equal(matrix->dimensions[1], 4);
    assert_int_equal(matrix->flags, OIF_ARRAY_C_CONTIGUOUS);
    assert_true(OIF_ARRAY_C_CONTIGUOUS(matrix));
    assert_false(OIF_ARRAY_F_CONTIGUOUS(matrix));
    assert_data_aligned(matrix);
    for (int i = 0; i < 12; i++) {
        matrix->data[i] = i * 0.5;
    }
    for (int i = 0; i < 12; i++) {
        assert_true(matrix->data[i] == i * 0.5);
    }
    oif_free_array_f64(matrix);
}

static void test_vector_is_both_c_and_f_contiguous(void **state)
{
    (void)state;
    OIFArrayF64 *vector = oif_create_array_f64(1, (intptr_t[]){5});
    assert_non_null(vector);
    assert_int_equal(vector->nd, 1);
    assert_int_equal(vector->dimensions[0], 5);
    assert_int_equal(vector->flags, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS);
    assert_true(OIF_ARRAY_C_CONTIGUOUS(vector) && OIF_ARRAY_F_CONTIGUOUS(vector));
    assert_data_aligned(vector);
    oif_free_array_f64(vector);
}

static void test_every_allowed_nd(void **state)
{
    (void)state;
    intptr_t dimensions[MAX_DIMENSIONS];
    for (int i = 0; i < MAX_DIMENSIONS; i++) {
        dimensions[i] = i % 3 == 0 ? 2 : 1;
    }
    for (int nd = 1; nd <= MAX_DIMENSIONS; nd++) {
        OIFArrayF64 *array = oif_create_array_f64(nd, dimensions);
        assert_non_null(array);
        assert_int_equal(array->nd, nd);
        assert_data_aligned(array);
        size_t count = 1;
        for (int i = 0; i < nd; i++) {
            assert_int_equal(array->dimensions[i], dimensions[i]);
            count *= (size_t)dimensions[i];
        }
        /* The last element is inside the allocation (valgrind checks). */
        array->data[count - 1] = 1.0;
        assert_true((char *)(array->dimensions + nd) <= (char *)array->data);
        oif_free_array_f64(array);
    }
}

static void test_init_from_data_copies(void **state)
{
    (void)state;
    double source[] = {1, 2, 3, 4, 5, 6};
    OIFArrayF64 *matrix = oif_init_array_f64_from_data(2, (intptr_t[]){2, 3}, source);
    assert_non_null(matrix);
    assert_true(matrix->data != source);
    assert_data_aligned(matrix);
    source[0] = -1;
    source[5] = -6;
    for (int i = 0; i < 6; i++) {
        assert_true(matrix->data[i] == i + 1);
    }
    oif_free_array_f64(matrix);

    assert_null(oif_init_array_f64_from_data(1, (intptr_t[]){2}, NULL));
    assert_error_mentions("data", "NULL");
}

static void test_nd_out_of_range(void **state)
{
    (void)state;
    intptr_t dimensions[MAX_DIMENSIONS + 1];
    for (int i = 0; i <= MAX_DIMENSIONS; i++) {
        dimensions[i] = 1;
    }
    assert_null(oif_create_array_f64(0, dimensions));
    assert_error_mentions("nd", "between 1 and 32", "not 0");
    assert_null(oif_create_array_f64(-1, dimensions));
    assert_error_mentions("nd", "not -1");
    assert_null(oif_create_array_f64(MAX_DIMENSIONS + 1, dimensions));
    assert_error_mentions("nd", "not 33");
    assert_null(oif_init_array_f64_from_data(0, dimensions, (double[]){1.0}));
    assert_error_mentions("nd", "not 0");
}

static void test_dimensions_must_be_positive(void **state)
{
    (void)state;
    assert_null(oif_create_array_f64(2, (intptr_t[]){3, 0}));
    assert_error_mentions("dimension 1 is 0", "positive");
    assert_null(oif_create_array_f64(2, (intptr_t[]){-2, 3}));
    assert_error_mentions("dimension 0 is -2", "positive");
    assert_null(oif_init_array_f64_from_data(1, (intptr_t[]){-1}, (double[]){1.0}));
    assert_error_mentions("dimension 0 is -1");
}

static void test_null_dimensions(void **state)
{
    (void)state;
    assert_null(oif_create_array_f64(1, NULL));
    assert_error_mentions("dimensions are NULL");
}

static void test_size_overflow(void **state)
{
    (void)state;
    assert_null(oif_create_array_f64(2, (intptr_t[]){INTPTR_MAX / 2, 4}));
    assert_error_mentions("overflow");
    assert_null(oif_create_array_f64(2, (intptr_t[]){INTPTR_MAX, INTPTR_MAX}));
    assert_error_mentions("overflow");
    /* Fits in size_t, but exceeds SSIZE_MAX bytes. */
    assert_null(oif_create_array_f64(1, (intptr_t[]){(intptr_t)1 << 60}));
    assert_error_mentions("overflow");
    assert_null(oif_create_array_f64(3, (intptr_t[]){1 << 20, 1 << 20, 1 << 20}));
    assert_error_mentions("overflow", "dimensions 0 to 2");
}

static void test_free_null(void **state)
{
    (void)state;
    oif_free_array_f64(NULL);
}

static void test_print_vector(void **state)
{
    (void)state;
    OIFArrayF64 *vector =
        oif_init_array_f64_from_data(1, (intptr_t[]){3}, (double[]){1.0, 2.5, -3.0});
    OIFArrayF64 *awkward = oif_init_array_f64_from_data(
        1, (intptr_t[]){6}, (double[]){0.1, 1e-300, -0.0, 1e16, 0.30000000000000004, 2.0 / 3});
    assert_non_null(vector);
    assert_non_null(awkward);

    char printed[256];
    start_capturing_stdout();
    oif_print_vector(vector);
    oif_print_vector(awkward);
    stop_capturing_stdout(printed, sizeof printed);
    /* As MaRDI Open Interfaces 0.7's output looks on a terminal ("%g"),
     * without its backspaces, and exact where "%g" would round. */
    assert_string_equal(printed, "[ 1, 2.5, -3 ]\n"
                                 "[ 0.1, 1e-300, -0, 1e+16, 0.30000000000000004, "
                                 "0.6666666666666666 ]\n");
    oif_free_array_f64(awkward);
    oif_free_array_f64(vector);
}

static void test_print_matrix_in_c_and_f_order(void **state)
{
    (void)state;
    intptr_t dimensions[] = {2, 3};
    OIFArrayF64 *row_major =
        oif_init_array_f64_from_data(2, dimensions, (double[]){1, 2, 3, 4, 5, 6});
    OIFArrayF64 *column_major =
        oif_init_array_f64_from_data(2, dimensions, (double[]){1, 4, 2, 5, 3, 6});
    assert_non_null(row_major);
    assert_non_null(column_major);
    column_major->flags = OIF_ARRAY_F_CONTIGUOUS;

    char printed[256];
    start_capturing_stdout();
    oif_print_matrix(row_major);
    oif_print_matrix(column_major);
    stop_capturing_stdout(printed, sizeof printed);
    assert_string_equal(printed, "[ \n[ 1, 2, 3 ],\n[ 4, 5, 6 ],\n]\n"
                                 "[ \n[ 1, 2, 3 ],\n[ 4, 5, 6 ],\n]\n");
    oif_free_array_f64(column_major);
    oif_free_array_f64(row_major);
}

static void test_print_rejects_wrong_nd_and_null(void **state)
{
    (void)state;
    OIFArrayF64 *vector = oif_create_array_f64(1, (intptr_t[]){2});
    OIFArrayF64 *matrix = oif_create_array_f64(2, (intptr_t[]){2, 2});
    assert_non_null(vector);
    assert_non_null(matrix);
    char printed[64];

    start_capturing_stdout();
    oif_print_vector(matrix);
    stop_capturing_stdout(printed, sizeof printed);
    assert_string_equal(printed, "");
    assert_error_mentions("oif_print_vector", "nd = 1", "nd = 2");

    start_capturing_stdout();
    oif_print_matrix(vector);
    stop_capturing_stdout(printed, sizeof printed);
    assert_string_equal(printed, "");
    assert_error_mentions("oif_print_matrix", "nd = 2", "nd = 1");

    start_capturing_stdout();
    oif_print_vector(NULL);
    stop_capturing_stdout(printed, sizeof printed);
    assert_string_equal(printed, "");
    assert_error_mentions("oif_print_vector", "NULL");

    start_capturing_stdout();
    oif_print_matrix(NULL);
    stop_capturing_stdout(printed, sizeof printed);
    assert_string_equal(printed, "");
    assert_error_mentions("oif_print_matrix", "NULL");

    oif_free_array_f64(matrix);
    oif_free_array_f64(vector);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_matrix),
        cmocka_unit_test(test_vector_is_both_c_and_f_contiguous),
        cmocka_unit_test(test_every_allowed_nd),
        cmocka_unit_test(test_init_from_data_copies),
        cmocka_unit_test(test_nd_out_of_range),
        cmocka_unit_test(test_dimensions_must_be_positive),
        cmocka_unit_test(test_null_dimensions),
        cmocka_unit_test(test_size_overflow),
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_print_vector),
        cmocka_unit_test(test_print_matrix_in_c_and_f_order),
        cmocka_unit_test(test_print_rejects_wrong_nd_and_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
