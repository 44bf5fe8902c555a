/* Integer arithmetic for the LLVM front-end tests: two-address ALU ops,
   shifts by variable counts (rcx), division (rax:rdx), select, min/max/abs. */
#include <stdint.h>

long mix(long a, long b, long c) { return (a + b) * c - (a ^ c) + (b & 255) - (c | a); }
int64_t shift_left(int64_t a, int n) { return a << n; }
uint64_t shift_right(uint64_t a, unsigned n) { return a >> (n & 63); }
int32_t shift_arith(int32_t a, int n) { return a >> n; }
uint32_t shift_const(uint32_t a) { return (a << 3) ^ (a >> 7); }
int divide(int a, int b) { return a / b; }
int remainder_of(int a, int b) { return a % b; }
unsigned udivide(unsigned a, unsigned b) { return a / b + a % b; }
long ldivmod(long a, long b) { return a / b * 3 + a % b; }
int8_t div8(int8_t a, int8_t b) { return (int8_t)(a / b); }
int pick(int a, int b, int c) { return a < b ? c : b - a; }
unsigned upick(unsigned a, unsigned b) { return a > b ? a * 7 : b + 3; }
int smallest(int a, int b) { return a < b ? a : b; }
int largest(int a, int b) { return a > b ? a : b; }
unsigned usmallest(unsigned a, unsigned b) { return a < b ? a : b; }
unsigned long ularge(unsigned long a, unsigned long b) { return a > b ? a : b; }
int magnitude(int a) { return a < 0 ? -a : a; }
long lmagnitude(long a) { return a < 0 ? -a : a; }
int is_less(long a, long b) { return a < b; }
int clamp(int x, int lo, int hi) { return x < lo ? lo : (x > hi ? hi : x); }
uint64_t big_constant(uint64_t x) { return x * 0x9E3779B97F4A7C15ull + 0x123456789abcdefull; }
uint32_t rotate(uint32_t x, unsigned n) { return (x << (n & 31)) | (x >> ((32 - n) & 31)); }
int popcount(unsigned x) { return __builtin_popcount(x); }
int leading(unsigned long x) { return x ? __builtin_clzl(x) : 64; }
uint32_t swap_bytes(uint32_t x) { return __builtin_bswap32(x); }
long collatz_steps(long n) {
    long steps = 0;
    while (n != 1) {
        n = (n & 1) ? 3 * n + 1 : n / 2;
        steps++;
    }
    return steps;
}
unsigned gcd(unsigned a, unsigned b) {
    while (b) { unsigned t = a % b; a = b; b = t; }
    return a;
}
