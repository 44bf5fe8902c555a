/* Control flow for the LLVM front-end tests: switches, phis with constant
   inputs, critical edges, nested loops, early exits. */
int handle(int);
int dispatch(int op, int x) {
    switch (op) {
    case 0: return handle(x);
    case 1: return handle(x + 1) * 2;
    case 5: return handle(x - 5);
    case 9: x = handle(x * 3); break;
    case 12: return 0;
    default: x = -1;
    }
    return x + op;
}
int count_matches(const int *a, int n, int key) {
    int count = 0;
    for (int i = 0; i < n; i++) {
        if (a[i] == key) count++;
        else if (a[i] > key) break;
    }
    return count;
}
struct node { struct node *next; int value; };
int list_sum(const struct node *p) {
    int s = 0;
    while (p) { s += p->value; p = p->next; }
    return s;
}
const struct node *list_find(const struct node *p, int v) {
    for (; p; p = p->next)
        if (p->value == v) return p;
    return 0;
}
int matrix_trace(int n, int m[8][8]) {
    int t = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (i == j) t += m[i][j]; else t ^= m[i][j] >> 3;
    return t;
}
int classify(int x) {
    if (x < 0) return -1;
    if (x == 0) return 0;
    if (x < 10) return 1;
    if (x < 100) return 2;
    return 3;
}
unsigned hash_string(const unsigned char *s) {
    unsigned h = 5381;
    while (*s) h = h * 33 ^ *s++;
    return h;
}
