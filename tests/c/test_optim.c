/* Every optim implementation minimises Rosenbrock's function with and
 * without a gradient, hands user data to both callbacks, returns its status
 * and message through the dispatcher's return arguments, and turns bad
 * settings and failing callbacks into clear errors. */
#include "test_support.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <oif/config_dict.h>
#include <oif/interfaces/optim.h>
#include <oif/util.h>

typedef struct {
    const char *key;
    double value;
    bool is_int;
} OptionValue;

/* A method, and the options it needs to find Rosenbrock's minimum to 1e-6
 * (none: set_method gets a NULL config dict). */
typedef struct {
    const char *name;
    OptionValue options[3]; /* NULL key ends the list */
} Method;

/* What differs between implementations: method names, option keys, status
 * codes and the words of some messages. */
typedef struct {
    const char *name;
    Method gradient_free_methods[4]; /* NULL name ends the list */
    Method gradient_method;         /* one that cannot do without the gradient */
    /* The default method, given no gradient, finds the minimum to within this. */
    double default_accuracy_without_gradient;
    const char *refused_method; /* a method the implementation knows but refuses */
    const char *refused_because[3]; /* what its error must mention; NULL-terminated */
    /* Every option of the gradient method with a valid value; NULL key ends
     * the list; the first one takes a float. */
    OptionValue all_options[9];
    const char *int_option_key; /* an option of the gradient method taking an int */
    bool type_errors_list_valid_keys;
    /* An option of the first gradient-free method limiting the number of
     * objective evaluations, and what minimize returns when it is reached. */
    const char *max_evaluations_key;
    int max_evaluations_status;
    const char *max_evaluations_message;
} OptimImpl;


static const OptimImpl implementations[] = {
    {
        .name = "nlopt",
        .gradient_free_methods = {{"LN_BOBYQA"}, {"LN_NELDERMEAD"}, {"LN_SBPLX"}},
        .gradient_method = {"LD_LBFGS"},
        .default_accuracy_without_gradient = 1e-6,
        .refused_method = "GN_DIRECT", /* needs bounds, which the interface lacks */
        .refused_because = {"global", "bounds"},
        .all_options = {{"xtol_rel", 1e-12, false}, {"xtol_abs", 0.0, false}, {"ftol_rel", 0.0, false},
                        {"ftol_abs", 0, true}, /* an int where a float is expected */
                        {"maxeval", 50000, true}, {"maxtime", 60.0, false},
                        {"stopval", -1.0, false}, {"initial_step", 0.5, false}},
        .int_option_key = "maxeval",
        .type_errors_list_valid_keys = true,
        .max_evaluations_key = "maxeval",
        .max_evaluations_status = 5, /* NLOPT_MAXEVAL_REACHED */
        .max_evaluations_message = "MAXEVAL_REACHED",
    },
    {
        .name = "scipy_optimize",
        /* SciPy's default xatol = fatol = 1e-4 stop Nelder-Mead 4e-5 away. */
        .gradient_free_methods = {{"Nelder-Mead", {{"xatol", 1e-10, false}, {"fatol", 1e-14, false}}},
                                  {"Powell"}},
        /* Its default gtol = 1e-5 stops it 9e-5 away from (2, 4). */
        .gradient_method = {"trust-ncg", {{"gtol", 1e-10, false}}},
        /* BFGS on SciPy's finite-difference gradient stops about 1.3e-5 away. */
        .default_accuracy_without_gradient = 1e-4,
        .refused_method = "dogleg",
        .refused_because = {"Hessian", "trust-ncg"},
        .all_options = {{"gtol", 1e-10, false},
                        {"initial_trust_radius", 1, true}, /* an int where a float is expected */
                        {"max_trust_radius", 1000.0, false}, {"eta", 0.15, false},
                        {"maxiter", 10000, true}, {"disp", 0, true}, {"return_all", 0, true}},
        .int_option_key = "maxiter",
        .type_errors_list_valid_keys = false,
        .max_evaluations_key = "maxfev",
        .max_evaluations_status = 1,
        .max_evaluations_message = "Maximum number of function evaluations has been exceeded",
    },
};

/* f(x, y) = (a - x)^2 + b (y - x^2)^2, minimal at (a, a^2); the user data of
 * both callbacks, which count their calls and fail on request. */
typedef struct {
    double a, b;
    int objective_calls, gradient_calls;
    int nan_at_call;          /* the objective returns NaN at this call; 0: never */
    int fail_gradient_at_call; /* the gradient returns status 7 at this call; 0: never */
    bool bad_view;            /* a callback saw an array that is not a 2-vector */
} Rosenbrock;

static bool is_two_vector(const OIFArrayF64 *v)
{
    return v->nd == 1 && v->dimensions[0] == 2 && v->data != NULL &&
           (v->flags & (OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS)) ==
               (OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS);
}

static double rosenbrock(OIFArrayF64 *x, void *user_data)
{
    Rosenbrock *p = user_data;
    p->objective_calls++;
    p->bad_view |= !is_two_vector(x);
    if (p->objective_calls == p->nan_at_call) {
        return NAN;
    }
    double u = p->a - x->data[0], v = x->data[1] - x->data[0] * x->data[0];
    return u * u + p->b * v * v;
}

static int rosenbrock_gradient(OIFArrayF64 *x, OIFArrayF64 *grad, void *user_data)
{
    Rosenbrock *p = user_data;
    p->gradient_calls++;
    p->bad_view |= !is_two_vector(x) || !is_two_vector(grad);
    if (p->gradient_calls == p->fail_gradient_at_call) {
        return 7;
    }
    double v = x->data[1] - x->data[0] * x->data[0];
    grad->data[0] = -2.0 * (p->a - x->data[0]) - 4.0 * p->b * x->data[0] * v;
    grad->data[1] = 2.0 * p->b * v;
    return 0;
}

typedef struct {
    ImplHandle h;
    const OptimImpl *impl;
} Fixture;

static int setup(void **state)
{
    const OptimImpl *impl = *state;
    Fixture *f = malloc(sizeof *f);
    f->impl = impl;
    f->h = oif_load_impl("optim", impl->name, 1, 0);
    if (f->h < OIF_IMPL_STARTING_NUMBER) {
        print_error("loading %s failed: %s\n", impl->name, oif_last_error());
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    assert_int_equal(oif_unload_impl(f->h), 0);
    free(f);
    return 0;
}

/* Sets the problem from (-1.2, 1) on `h`, from an initial guess freed right
 * after it is set: the implementation must keep its own copy. */
static void set_problem(ImplHandle h, Rosenbrock *problem, bool with_gradient)
{
    intptr_t dims[] = {2};
    OIFArrayF64 *x0 = oif_init_array_f64_from_data(1, dims, (const double[]){-1.2, 1.0});
    assert_int_equal(oif_optim_set_initial_guess(h, x0), 0);
    oif_free_array_f64(x0);
    assert_int_equal(oif_optim_set_objective_fn(h, rosenbrock), 0);
    if (with_gradient) {
        assert_int_equal(oif_optim_set_grad_fn(h, rosenbrock_gradient), 0);
    }
    assert_int_equal(oif_optim_set_user_data(h, problem), 0);
}

/* Minimises into `x`; the message is freed here after it is checked to be
 * there on success and absent on failure. */
static int minimize_into(ImplHandle h, double x[2], int *status)
{
    intptr_t dims[] = {2};
    OIFArrayF64 x_arr = {1, dims, x, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    char *message = (char *)"not set";
    int call_status = oif_optim_minimize(h, &x_arr, status, &message);
    if (call_status == 0) {
        assert_non_null(message);
        assert_true(strlen(message) > 0);
    } else {
        assert_null(message);
    }
    oif_util_free(message);
    return call_status;
}

static OIFConfigDict *options_with(const OptionValue *options)
{
    OIFConfigDict *dict = oif_config_dict_init();
    for (const OptionValue *o = options; o->key != NULL; o++) {
        if (o->is_int) {
            assert_int_equal(oif_config_dict_add_int(dict, o->key, (int)o->value), 0);
        } else {
            assert_int_equal(oif_config_dict_add_double(dict, o->key, o->value), 0);
        }
    }
    return dict;
}

/* set_method with the method's options, or NULL when it has none. */
static int set_method(ImplHandle h, const Method *method)
{
    OIFConfigDict *options = method->options[0].key != NULL ? options_with(method->options) : NULL;
    int status = oif_optim_set_method(h, method->name, options);
    oif_config_dict_free(options);
    return status;
}

static void assert_converged_to(ImplHandle h, const Rosenbrock *problem, double tolerance)
{
    double x[2];
    int status = 0;
    assert_int_equal(minimize_into(h, x, &status), 0);
    /* Success is status 0 for every implementation. */
    assert_int_equal(status, 0);
    assert_double_equal(x[0], problem->a, tolerance);
    assert_double_equal(x[1], problem->a * problem->a, tolerance);
    assert_false(problem->bad_view);
}

static void test_gradient_free_methods_find_the_minimum(void **state)
{
    Fixture *f = *state;
    for (const Method *method = f->impl->gradient_free_methods; method->name != NULL; method++) {
        Rosenbrock problem = {.a = 1, .b = 100};
        set_problem(f->h, &problem, false);
        assert_int_equal(set_method(f->h, method), 0);
        assert_converged_to(f->h, &problem, 1e-6);
        assert_true(problem.objective_calls > 0);
    }
}

static void test_gradient_method_uses_the_gradient(void **state)
{
    Fixture *f = *state;
    Rosenbrock problem = {.a = 1, .b = 100};
    set_problem(f->h, &problem, true);
    assert_int_equal(set_method(f->h, &f->impl->gradient_method), 0);
    assert_converged_to(f->h, &problem, 1e-6);
    assert_true(problem.gradient_calls > 0);
}

/* The gradient method's name with each letter's case swapped. */
static void test_method_names_ignore_case(void **state)
{
    Fixture *f = *state;
    Method swapped = f->impl->gradient_method;
    char name[64];
    size_t i = 0;
    for (; swapped.name[i] != '\0'; i++) {
        int c = (unsigned char)swapped.name[i];
        name[i] = (char)(isupper(c) ? tolower(c) : toupper(c));
    }
    name[i] = '\0';
    assert_string_not_equal(name, swapped.name);
    swapped.name = name;
    Rosenbrock problem = {.a = 1, .b = 100};
    set_problem(f->h, &problem, true);
    assert_int_equal(set_method(f->h, &swapped), 0);
    assert_converged_to(f->h, &problem, 1e-6);
}

static void test_default_method_needs_no_gradient(void **state)
{
    Fixture *f = *state;
    Rosenbrock problem = {.a = 1, .b = 100};
    set_problem(f->h, &problem, false);
    assert_converged_to(f->h, &problem, f->impl->default_accuracy_without_gradient);
}

static void test_default_method_uses_a_given_gradient(void **state)
{
    Fixture *f = *state;
    Rosenbrock problem = {.a = 1, .b = 100};
    set_problem(f->h, &problem, true);
    assert_converged_to(f->h, &problem, 1e-6);
    assert_true(problem.gradient_calls > 0);
}

/* The minimum moves to (2, 4) only if a reaches both callbacks. */
static void test_user_data_reaches_both_callbacks(void **state)
{
    Fixture *f = *state;
    const Method *methods[] = {&f->impl->gradient_free_methods[0], &f->impl->gradient_method};
    for (size_t i = 0; i < 2; i++) {
        Rosenbrock problem = {.a = 2, .b = 100};
        set_problem(f->h, &problem, true);
        assert_int_equal(set_method(f->h, methods[i]), 0);
        assert_converged_to(f->h, &problem, 1e-6);
        assert_true(problem.objective_calls > 0);
    }
}

static void test_every_option_is_accepted(void **state)
{
    Fixture *f = *state;
    Rosenbrock problem = {.a = 1, .b = 100};
    set_problem(f->h, &problem, true);
    OIFConfigDict *options = options_with(f->impl->all_options);
    assert_int_equal(oif_optim_set_method(f->h, f->impl->gradient_method.name, options), 0);
    oif_config_dict_free(options);
    assert_converged_to(f->h, &problem, 1e-6);
}

static void test_evaluation_limit_is_a_status_not_a_failure(void **state)
{
    Fixture *f = *state;
    Rosenbrock problem = {.a = 1, .b = 100};
    set_problem(f->h, &problem, false);
    OIFConfigDict *options = options_with((OptionValue[]){{f->impl->max_evaluations_key, 10, true}, {NULL, 0, false}});
    assert_int_equal(oif_optim_set_method(f->h, f->impl->gradient_free_methods[0].name, options), 0);
    oif_config_dict_free(options);

    intptr_t dims[] = {2};
    double x[2];
    OIFArrayF64 x_arr = {1, dims, x, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    int status = 0;
    char *message = NULL;
    assert_int_equal(oif_optim_minimize(f->h, &x_arr, &status, &message), 0);
    assert_int_equal(status, f->impl->max_evaluations_status);
    assert_non_null(message);
    assert_non_null(strstr(message, f->impl->max_evaluations_message));
    assert_true(problem.objective_calls > 0 && problem.objective_calls <= 10);
    oif_util_free(message);
}

static void test_return_arguments_may_be_ignored(void **state)
{
    Fixture *f = *state;
    Rosenbrock problem = {.a = 1, .b = 100};
    set_problem(f->h, &problem, true);
    intptr_t dims[] = {2};
    double x[2];
    OIFArrayF64 x_arr = {1, dims, x, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    assert_int_equal(oif_optim_minimize(f->h, &x_arr, NULL, NULL), 0);
    assert_double_equal(x[0], 1.0, 1e-6);
}

/* The error lists every valid option. */
static void test_unknown_option_is_an_error(void **state)
{
    Fixture *f = *state;
    OIFConfigDict *options = options_with((OptionValue[]){{"no_such_option", 1.0, false}, {NULL, 0, false}});
    assert_int_not_equal(oif_optim_set_method(f->h, f->impl->gradient_method.name, options), 0);
    oif_config_dict_free(options);
    assert_error_mentions("set_method", "no_such_option");
    for (const OptionValue *o = f->impl->all_options; o->key != NULL; o++) {
        assert_error_mentions(o->key);
    }
}

/* A rejected set_method leaves the previous method in force. */
static void test_option_of_wrong_type_is_an_error(void **state)
{
    Fixture *f = *state;
    Rosenbrock problem = {.a = 1, .b = 100};
    set_problem(f->h, &problem, false);
    assert_int_equal(set_method(f->h, &f->impl->gradient_free_methods[0]), 0);

    const char *float_key = f->impl->all_options[0].key, *int_key = f->impl->int_option_key;
    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_str(options, float_key, "small");
    assert_int_not_equal(oif_optim_set_method(f->h, f->impl->gradient_method.name, options), 0);
    oif_config_dict_free(options);
    assert_error_mentions("set_method", float_key);
    if (f->impl->type_errors_list_valid_keys) {
        assert_error_mentions(int_key);
    }

    options = options_with((OptionValue[]){{int_key, 10.5, false}, {NULL, 0, false}});
    assert_int_not_equal(oif_optim_set_method(f->h, f->impl->gradient_method.name, options), 0);
    oif_config_dict_free(options);
    assert_error_mentions("set_method", int_key, "int");
    if (f->impl->type_errors_list_valid_keys) {
        assert_error_mentions(float_key);
    }

    /* No gradient: had the gradient method been taken, minimize would fail. */
    assert_converged_to(f->h, &problem, 1e-6);
}

static void test_unknown_method_is_an_error(void **state)
{
    Fixture *f = *state;
    assert_int_not_equal(oif_optim_set_method(f->h, "NO_SUCH_METHOD", NULL), 0);
    assert_error_mentions("set_method", "NO_SUCH_METHOD", f->impl->gradient_free_methods[0].name,
                          f->impl->gradient_method.name);
}

static void test_refused_method_is_an_error_saying_why(void **state)
{
    Fixture *f = *state;
    assert_int_not_equal(oif_optim_set_method(f->h, f->impl->refused_method, NULL), 0);
    assert_error_mentions("set_method", f->impl->refused_method);
    for (const char *const *word = f->impl->refused_because; *word != NULL; word++) {
        assert_error_mentions(*word);
    }
}

static void test_gradient_method_without_gradient_is_an_error(void **state)
{
    Fixture *f = *state;
    Rosenbrock problem = {.a = 1, .b = 100};
    set_problem(f->h, &problem, false);
    assert_int_equal(set_method(f->h, &f->impl->gradient_method), 0);
    double x[2];
    int status;
    assert_int_not_equal(minimize_into(f->h, x, &status), 0);
    assert_error_mentions("minimize", f->impl->gradient_method.name, "gradient", "set_grad_fn");
    assert_int_equal(problem.objective_calls, 0);
}

/* Evaluations are counted per run, and none follows the failing one. */
static void test_nan_objective_is_an_error(void **state)
{
    Fixture *f = *state;
    for (int run = 0; run < 2; run++) {
        Rosenbrock problem = {.a = 1, .b = 100, .nan_at_call = 5};
        set_problem(f->h, &problem, false);
        double x[2];
        int status;
        assert_int_not_equal(minimize_into(f->h, x, &status), 0);
        assert_error_mentions("minimize", "objective returned NaN at evaluation 5");
        assert_int_equal(problem.objective_calls, 5);
    }
}

static void test_failing_gradient_is_an_error(void **state)
{
    Fixture *f = *state;
    Rosenbrock problem = {.a = 1, .b = 100, .fail_gradient_at_call = 3};
    set_problem(f->h, &problem, true);
    assert_int_equal(set_method(f->h, &f->impl->gradient_method), 0);
    double x[2];
    int status;
    assert_int_not_equal(minimize_into(f->h, x, &status), 0);
    assert_error_mentions("minimize", "gradient returned status 7");
    assert_int_equal(problem.gradient_calls, 3);
}

static void test_x_of_wrong_length_is_an_error(void **state)
{
    Fixture *f = *state;
    Rosenbrock problem = {.a = 1, .b = 100};
    set_problem(f->h, &problem, false);
    double x[3];
    intptr_t dims[] = {3};
    OIFArrayF64 x_arr = {1, dims, x, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    int status;
    char *message = NULL;
    assert_int_not_equal(oif_optim_minimize(f->h, &x_arr, &status, &message), 0);
    assert_null(message);
    assert_error_mentions("minimize", "length 2");
}

static void test_minimize_needs_initial_guess_and_objective(void **state)
{
    Fixture *f = *state;
    double x[2];
    int status;
    assert_int_not_equal(minimize_into(f->h, x, &status), 0);
    assert_error_mentions("minimize", "set_initial_guess");

    intptr_t dims[] = {2};
    OIFArrayF64 *x0 = oif_init_array_f64_from_data(1, dims, (const double[]){0.0, 0.0});
    assert_int_equal(oif_optim_set_initial_guess(f->h, x0), 0);
    oif_free_array_f64(x0);
    assert_int_not_equal(minimize_into(f->h, x, &status), 0);
    assert_error_mentions("minimize", "set_objective_fn");
}

/* Two instances keep their own problem, method and user data. */
static void test_instances_are_independent(void **state)
{
    Fixture *f = *state;
    ImplHandle other = oif_load_impl("optim", f->impl->name, 1, 0);
    assert_true(other >= OIF_IMPL_STARTING_NUMBER);
    Rosenbrock first = {.a = 1, .b = 100}, second = {.a = 2, .b = 100};
    set_problem(f->h, &first, false);
    assert_int_equal(set_method(f->h, &f->impl->gradient_free_methods[0]), 0);
    set_problem(other, &second, true);
    assert_int_equal(set_method(other, &f->impl->gradient_method), 0);

    assert_converged_to(f->h, &first, 1e-6);
    assert_converged_to(other, &second, 1e-6);
    assert_int_equal(first.gradient_calls, 0);
    assert_true(second.gradient_calls > 0);
    assert_int_equal(oif_unload_impl(other), 0);
}

/* A statistic of the last minimize, as a C user reads it. */
static double stat_of(ImplHandle h, const char *key)
{
    OIFConfigDict *stats = NULL;
    assert_int_equal(oif_optim_get_stats(h, &stats), 0);
    assert_true(oif_config_dict_key_exists(stats, key));
    double value = oif_config_dict_get_type(stats, key) == OIF_TYPE_INT ? oif_config_dict_get_int(stats, key)
                                                                       : oif_config_dict_get_double(stats, key);
    oif_config_dict_free(stats);
    return value;
}

static void test_stats_report_fun_and_evaluations(void **state)
{
    Fixture *f = *state;
    OIFConfigDict *stats = NULL;
    assert_int_equal(oif_optim_get_stats(f->h, &stats), OIF_ERROR);
    assert_non_null(strstr(oif_last_error(), "none has run"));
    for (int with_gradient = 0; with_gradient <= 1; with_gradient++) {
        Rosenbrock problem = {.a = 1, .b = 100};
        set_problem(f->h, &problem, with_gradient);
        assert_int_equal(set_method(f->h, with_gradient ? &f->impl->gradient_method
                                                        : &f->impl->gradient_free_methods[0]),
                         0);
        assert_converged_to(f->h, &problem, 1e-6);
        assert_true(stat_of(f->h, "fun") < 1e-12);
        assert_int_equal((long)stat_of(f->h, "nfev"), problem.objective_calls);
        if (with_gradient) {
            assert_int_equal((long)stat_of(f->h, "njev"), problem.gradient_calls);
        }
    }
}

/* Records what it is shown and asks to stop at evaluation `stop_at`. */
typedef struct {
    Rosenbrock problem; /* first: the objective's user data */
    long shown, stop_at;
    double best_f, best_x[2];
} MonitoredRosenbrock;

static int rosenbrock_monitor(OIFArrayF64 *x, double fun, void *user_data)
{
    MonitoredRosenbrock *m = user_data;
    m->shown++;
    m->problem.bad_view |= !is_two_vector(x);
    if (m->shown == 1 || fun < m->best_f) {
        m->best_f = fun;
        m->best_x[0] = x->data[0];
        m->best_x[1] = x->data[1];
    }
    x->data[0] = NAN; /* its own copy: changes nothing */
    return m->shown == m->stop_at ? 3 : 0;
}

static void test_a_monitor_sees_every_evaluation_and_stops_cleanly(void **state)
{
    Fixture *f = *state;
    MonitoredRosenbrock m = {.problem = {.a = 1, .b = 100}, .stop_at = -1};
    set_problem(f->h, &m.problem, false);
    assert_int_equal(oif_optim_set_user_data(f->h, &m), 0);
    assert_int_equal(oif_optim_set_monitor_fn(f->h, rosenbrock_monitor), 0);
    assert_int_equal(set_method(f->h, &f->impl->gradient_free_methods[0]), 0);
    assert_converged_to(f->h, &m.problem, 1e-6);
    assert_int_equal(m.shown, m.problem.objective_calls);

    m = (MonitoredRosenbrock){.problem = {.a = 1, .b = 100}, .stop_at = 10};
    double x[2];
    intptr_t dims[] = {2};
    OIFArrayF64 x_arr = {1, dims, x, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    int status = 0;
    char *message = NULL;
    assert_int_equal(oif_optim_minimize(f->h, &x_arr, &status, &message), 0);
    assert_int_equal(status, -5);
    assert_string_equal(message, "FORCED_STOP: stopped by the monitor after evaluation 10 (it returned 3)");
    oif_util_free(message);
    assert_int_equal(m.shown, 10);
    assert_int_equal(m.problem.objective_calls, 10);
    assert_true(x[0] == m.best_x[0] && x[1] == m.best_x[1]);
    assert_true(stat_of(f->h, "fun") == m.best_f);

    assert_int_equal(oif_optim_set_monitor_fn(f->h, NULL), 0);
    assert_converged_to(f->h, &m.problem, 1e-6);
    assert_int_equal(m.shown, 10);
}

#define IMPL_TEST(fn) cmocka_unit_test_prestate_setup_teardown(fn, setup, teardown, (void *)impl)

int main(void)
{
    int failed = 0;
    for (size_t i = 0; i < sizeof implementations / sizeof implementations[0]; i++) {
        const OptimImpl *impl = &implementations[i];
        const struct CMUnitTest tests[] = {
            IMPL_TEST(test_gradient_free_methods_find_the_minimum),
            IMPL_TEST(test_gradient_method_uses_the_gradient),
            IMPL_TEST(test_method_names_ignore_case),
            IMPL_TEST(test_default_method_needs_no_gradient),
            IMPL_TEST(test_default_method_uses_a_given_gradient),
            IMPL_TEST(test_user_data_reaches_both_callbacks),
            IMPL_TEST(test_every_option_is_accepted),
            IMPL_TEST(test_evaluation_limit_is_a_status_not_a_failure),
            IMPL_TEST(test_return_arguments_may_be_ignored),
            IMPL_TEST(test_unknown_option_is_an_error),
            IMPL_TEST(test_option_of_wrong_type_is_an_error),
            IMPL_TEST(test_unknown_method_is_an_error),
            IMPL_TEST(test_refused_method_is_an_error_saying_why),
            IMPL_TEST(test_gradient_method_without_gradient_is_an_error),
            IMPL_TEST(test_nan_objective_is_an_error),
            IMPL_TEST(test_failing_gradient_is_an_error),
            IMPL_TEST(test_x_of_wrong_length_is_an_error),
            IMPL_TEST(test_minimize_needs_initial_guess_and_objective),
            IMPL_TEST(test_instances_are_independent),
            IMPL_TEST(test_stats_report_fun_and_evaluations),
            IMPL_TEST(test_a_monitor_sees_every_evaluation_and_stops_cleanly),
        };
        failed += _cmocka_run_group_tests(impl->name, tests, sizeof tests / sizeof tests[0], NULL, NULL);
    }
    return failed;
}
