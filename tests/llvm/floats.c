/* Floating point for the LLVM front-end tests: scalar double/float in xmm
   registers, conversions, compares, selects, libm calls, sqrt/fabs. */
#include <math.h>

double poly(double x) { return ((3.0 * x + 2.0) * x - 1.5) * x + 0.25; }
float fpoly(float x, float y) { return x * y + x / y - 1.0f; }
double to_double(int i, float f, long l) { return i + f + (double)l; }
long to_long(double d) { return (long)d + (int)(float)d; }
unsigned long to_unsigned(double d) { return (unsigned long)d; }
double from_unsigned(unsigned long u) { return (double)u; }
double larger(double a, double b) { return a > b ? a : b; }
int ordered_less(double a, double b) { return a < b; }
double distance(double x, double y) { return sqrt(x * x + y * y); }
double absolute(double x) { return fabs(x) + fabs(x - 1.0); }
double power(double x, double y) { return pow(x, y) + floor(x); }
double remainder_f(double x, double y) { return fmod(x, y); }
double negate(double x) { return -x; }
double mean(const double *v, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += v[i] * (i & 1 ? -1.0 : 1.0);
    return n ? s / n : 0.0;
}
double newton_sqrt(double a) {
    double x = a > 1 ? a : 1;
    for (int i = 0; i < 20; i++) x = 0.5 * (x + a / x);
    return x;
}
float bits_to_float(unsigned u) { union { unsigned u; float f; } c; c.u = u; return c.f; }
