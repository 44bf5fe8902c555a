/* SSE vectors (128 bits or less) for the LLVM front-end tests: explicit vector
   types and loops the -O2 vectorizers turn into vector code. */
typedef int v4si __attribute__((vector_size(16)));
typedef double v2df __attribute__((vector_size(16)));

v4si vector_add(v4si a, v4si b) { return a + b * b; }
v2df vector_scale(v2df a, double s) { return a * s; }
int lane_sum(v4si a) { return a[0] + a[1] + a[2] + a[3]; }
v4si mask_less(v4si a, v4si b) { return (a < b) & a; }
long sum_array(const int *p, int n) { long s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
void add_arrays(float *restrict d, const float *restrict a, const float *restrict b, int n) {
    for (int i = 0; i < n; i++) d[i] = a[i] + b[i] * 2.0f;
}
void clear_pairs(long *p) { p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 0; }
