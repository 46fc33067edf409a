/*
 * rktj-prefault: a JVM agent (-agentpath) that has the kernel fill in, in bulk, the pages of
 * the class-data-sharing archives, instead of one page fault at a time as the JVM uses them.
 *
 * Why: on some virtual machines a page fault is very expensive. On this project's CI machine
 * touching memory costs ~13 us per 4 KiB page when each page faults, and ~0.8 us per page when
 * the kernel populates a mapping at once (MAP_POPULATE). The archives a command's JVM maps are
 * ~33 MB; it uses most of their pages, and writes to many.
 *
 * How: at the JVMTI VMInit event, just before main, every mapping of a file named *.jsa in
 * /proc/self/maps gets madvise(MADV_POPULATE_WRITE) if it is writable (the private copies the
 * JVM writes to are made now) or MADV_POPULATE_READ if it is only readable. bin/rkt maps the
 * archives at their base address (-XX:ArchiveRelocationMode=0) so that the JVM does not touch
 * every page itself, one fault at a time, while it relocates them.
 *
 * Nothing is locked and no limit is involved; on a kernel without MADV_POPULATE_* (before
 * Linux 5.14) madvise fails and the pages fault in as before. It never stops the JVM.
 */
#include <jvmti.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static int is_archive(const char *path) {
    size_t length = strlen(path);
    return length > 4 && strcmp(path + length - 4, ".jsa") == 0;
}

static void populate_archives(void) {
    FILE *maps = fopen("/proc/self/maps", "re");
    char line[4096];
    if (maps == NULL) {
        return;
    }
    while (fgets(line, sizeof line, maps) != NULL) {
        unsigned long from;
        unsigned long to;
        char perms[8];
        int path = 0;
        char *name;
        size_t length;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &from, &to, perms, &path) < 3 || path == 0) {
            continue;
        }
        name = line + path;
        length = strlen(name);
        if (length > 0 && name[length - 1] == '\n') {
            name[length - 1] = '\0';
        }
        if (perms[0] != 'r' || !is_archive(name)) {
            continue;
        }
        madvise((void *) from, to - from, perms[1] == 'w' ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
    }
    fclose(maps);
}

static void JNICALL vm_init(jvmtiEnv *jvmti, JNIEnv *jni, jthread thread) {
    (void) jvmti;
    (void) jni;
    (void) thread;
    populate_archives();
}

JNIEXPORT jint JNICALL Agent_OnLoad(JavaVM *vm, char *options, void *reserved) {
    jvmtiEnv *jvmti = NULL;
    jvmtiEventCallbacks callbacks;
    (void) options;
    (void) reserved;
    if ((*vm)->GetEnv(vm, (void **) &jvmti, JVMTI_VERSION_1_2) != JNI_OK || jvmti == NULL) {
        return JNI_OK;
    }
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.VMInit = vm_init;
    if ((*jvmti)->SetEventCallbacks(jvmti, &callbacks, (jint) sizeof callbacks) == JVMTI_ERROR_NONE) {
        (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE, JVMTI_EVENT_VM_INIT, NULL);
    }
    return JNI_OK;
}
