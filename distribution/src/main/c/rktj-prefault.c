/*
 * rktj-prefault: a JVM agent (-agentpath) that has the kernel fill in, in bulk, the memory the
 * JVM maps while it starts, instead of one page fault at a time.
 *
 * Why: on some virtual machines a page fault is very expensive. On this project's CI machine
 * (a paravirtualised guest) touching fresh memory costs ~13 us per 4 KiB page when each page
 * faults, and ~0.8 us per page when the kernel populates the mapping at once. A JVM touches
 * thousands of pages while it starts: the class-data-sharing archives alone are ~33 MB.
 *
 * How: mlockall(MCL_FUTURE) from Agent_OnLoad, before the JVM maps its heap and its archives,
 * makes the kernel populate every mapping made from then on; at the JVMTI VMInit event, just
 * before main, munlockall() lets all of it go (the pages stay, unlocked) and later mappings
 * fault as usual again. Nothing is locked once main runs.
 *
 * It does nothing unless locking cannot fail: with MCL_FUTURE in force, a mapping beyond
 * RLIMIT_MEMLOCK fails, and the JVM with it. So the agent acts only when the limit is
 * unlimited or the process may exceed it (CAP_IPC_LOCK, as root has). It never stops the JVM.
 */
#include <jvmti.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#define CAP_IPC_LOCK_BIT 14

/* Whether CAP_IPC_LOCK is in this process's effective set (read from /proc/self/status). */
static int has_ipc_lock(void) {
    FILE *status = fopen("/proc/self/status", "re");
    char line[256];
    unsigned long long effective = 0;
    int found = 0;
    if (status == NULL) {
        return 0;
    }
    while (fgets(line, sizeof line, status) != NULL) {
        if (sscanf(line, "CapEff: %llx", &effective) == 1) {
            found = 1;
            break;
        }
    }
    fclose(status);
    return found && (effective >> CAP_IPC_LOCK_BIT & 1ULL);
}

static int locking_is_safe(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_MEMLOCK, &limit) == 0 && limit.rlim_cur == RLIM_INFINITY) {
        return 1;
    }
    return has_ipc_lock();
}

static void JNICALL vm_init(jvmtiEnv *jvmti, JNIEnv *jni, jthread thread) {
    (void) jvmti;
    (void) jni;
    (void) thread;
    munlockall();
}

JNIEXPORT jint JNICALL Agent_OnLoad(JavaVM *vm, char *options, void *reserved) {
    jvmtiEnv *jvmti = NULL;
    jvmtiEventCallbacks callbacks;
    (void) options;
    (void) reserved;
    if (!locking_is_safe()) {
        return JNI_OK;
    }
    /* the release must be in place before anything is locked */
    if ((*vm)->GetEnv(vm, (void **) &jvmti, JVMTI_VERSION_1_2) != JNI_OK || jvmti == NULL) {
        return JNI_OK;
    }
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.VMInit = vm_init;
    if ((*jvmti)->SetEventCallbacks(jvmti, &callbacks, (jint) sizeof callbacks) != JVMTI_ERROR_NONE
            || (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE, JVMTI_EVENT_VM_INIT, NULL)
                    != JVMTI_ERROR_NONE) {
        return JNI_OK;
    }
    mlockall(MCL_FUTURE);
    return JNI_OK;
}
