/* Calls for the LLVM front-end tests: more than six integer arguments (stack
   slots), more than eight float arguments, a variadic callee, an indirect
   call, memcpy/memset, recursion, results in rax/xmm0. */
#include <stdio.h>
#include <string.h>

long eight(long a, long b, long c, long d, long e, long f, long g, long h);
double nine(double a, double b, double c, double d, double e, double f, double g, double h, double i);
long mixed(int a, double b, long c, float d, char e, double f, short g, long h, long i);

long call_eight(long x) { return eight(x, x + 1, x + 2, x + 3, x + 4, x + 5, x + 6, x + 7) + x; }
double call_nine(double x) { return nine(x, 1.0, 2.0, x, 4.0, 5.0, x, 7.0, x * 2.0) * x; }
long call_mixed(long x, double y) { return mixed((int)x, y, x * 3, (float)y, (char)x, y * y, (short)x, x, 9) - x; }
long sum_eight(long a, long b, long c, long d, long e, long f, long g, long h) { return a + b + c + d + e + f + g * h; }
void report(int n, double v) { printf("%d %f\n", n, v); }
long apply(long (*fn)(long), long x) { return fn(x) + fn(x + 1); }
void copy_block(char *dst, const char *src, unsigned long n) { memcpy(dst, src, n); memset(dst + n, 0, 16); }
void move_block(char *buf, unsigned long n) { memmove(buf + 1, buf, n); }
long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int puts_twice(const char *s) { puts(s); return puts(s); }
