/* Memory for the LLVM front-end tests: pointer arithmetic, struct fields,
   arrays of structs, globals, pointer/integer casts, local arrays (allocas). */
#include <stdint.h>
#include <string.h>

struct point { int x; int y; long tag; char name[12]; };
static struct point table[64];
int counter;

int get_y(const struct point *p, long i) { return p[i].y; }
char name_char(const struct point *p, int i) { return p->name[i]; }
long tag_sum(const struct point *p, int n) { long s = 0; for (int i = 0; i < n; i++) s += p[i].tag - p[i].x; return s; }
void set_point(struct point *p, int x, int y) { p->x = x; p->y = y; p->tag = (long)x * y; }
int table_x(int i) { return table[i & 63].x + counter++; }
uintptr_t align_up(uintptr_t p, uintptr_t a) { return (p + a - 1) & ~(a - 1); }
char *advance(char *p, long n) { return (char *)align_up((uintptr_t)(p + n), 16); }
long diff(const int *a, const int *b) { return b - a; }
int local_array(int k) {
    int buf[16];
    for (int i = 0; i < 16; i++) buf[i] = i * k;
    return buf[k & 15] + buf[(k + 3) & 15];
}
void swap_ints(int *a, int *b) { int t = *a; *a = *b; *b = t; }
void store_wide(uint64_t *p) { p[0] = 0x1122334455667788ull; p[3] = 7; }
int struct_copy(struct point *dst, const struct point *src) { *dst = *src; return dst->x; }
int fill_and_sum(int n) {
    struct point tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.x = n;
    tmp.name[n & 7] = 1;
    set_point(&tmp, tmp.x, n * 2);
    return tmp.y + tmp.name[3];
}
