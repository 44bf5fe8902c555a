/* Constructs the LLVM front end skips, each with a reason. */
#include <stdarg.h>
typedef int v8si __attribute__((vector_size(32)));
v8si wide_vector_add(v8si a, v8si b) { return a + b; }
__int128 wide_multiply(long a, long b) { return (__int128)a * b; }
int with_asm(int x) { int y; __asm__("movl %1, %0" : "=r"(y) : "r"(x)); return y; }
struct pair { long a, b; };
struct pair make_pair(long a, long b) { struct pair p = {a, b}; return p; }
long double extended(long double x) { return x * 2; }
int variadic_sum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    int s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}
int atomic_add(int *p) { return __atomic_fetch_add(p, 1, __ATOMIC_SEQ_CST); }
int supported_neighbour(int x) { return x * 5 + 1; }
