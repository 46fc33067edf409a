/*
 * How much a page of fresh memory costs on this machine: touched one page fault at a time,
 * populated by the kernel at once (MADV_POPULATE_WRITE), and as transparent huge pages.
 * bench/page-faults.sh builds and runs it; see bench/README.md ("Page faults ...").
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define PAGE 4096UL
#define HUGE (2UL << 20)

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static char *fresh(size_t size, int advice) {
    char *p = mmap(NULL, size + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *aligned;
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    aligned = (char *) (((unsigned long) p + HUGE - 1) & ~(HUGE - 1));
    madvise(aligned, size, advice);
    return aligned;
}

int main(int argc, char **argv) {
    size_t pages = argc > 1 ? strtoul(argv[1], NULL, 10) : 25600;
    size_t size = pages * PAGE;
    double start;
    char *p;

    p = fresh(size, MADV_NOHUGEPAGE);
    start = now_us();
    for (size_t i = 0; i < size; i += PAGE) {
        p[i] = 1;
    }
    printf("one fault per page:       %6.2f us per 4 KiB page\n", (now_us() - start) / pages);

    p = fresh(size, MADV_NOHUGEPAGE);
    start = now_us();
    if (madvise(p, size, MADV_POPULATE_WRITE) != 0) {
        perror("madvise(MADV_POPULATE_WRITE)");
    }
    printf("populated by the kernel:  %6.2f us per 4 KiB page\n", (now_us() - start) / pages);

    p = fresh(size, MADV_HUGEPAGE);
    start = now_us();
    for (size_t i = 0; i < size; i += PAGE) {
        p[i] = 1;
    }
    printf("transparent huge pages:   %6.2f us per 4 KiB page (%.0f us per 2 MiB)\n",
           (now_us() - start) / pages, (now_us() - start) / (size / HUGE));
    return 0;
}
