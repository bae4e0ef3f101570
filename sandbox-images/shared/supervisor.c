/*
 * Arbiter's supervisor for the compiled runtimes (C++ and Rust; the same file sits in both image folders).
 * It is the run step: it starts as root with only CHOWN, SETUID, SETGID and KILL, reads the run's meta file
 * (/work/judge/meta.txt, root 0400: the nonce, the boundary, the tests) and deletes it, and writes the report on its
 * stdout, which no other process holds. Per test it starts
 *   - boundary "process": the candidate's call server as uid 65534 (fd 3 = calls in, fd 4 = answers out) and the
 *     judge (the task's tests plus stubs of the entry point, no candidate code) as uid 64000 with the other ends;
 *     the verdict is the judge's exit status (and, for libtest, its own "test NAME ... ok" line);
 *   - boundary "in_process" (fallback): the linked test program as uid 65534; the verdict needs exit status 0 AND
 *     the per-test token the supervisor wrote on fd 3 coming back on fd 4 after the test body returned.
 * The candidate's stdout and stderr are the step's stderr; it never holds the report's fd. The supervisor is not
 * dumpable and runs under another uid than the candidate, so the candidate can neither ptrace nor signal it.
 * Exit status: 0, or 137 when a child was SIGKILLed by someone other than the supervisor (the memory limit).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CANDIDATE_UID 65534
#define JUDGE_UID 64000
#define META "/work/judge/meta.txt"
#define MAX_TESTS 4096
#define OUT_CAP (256 * 1024)

static char nonce[80];
static char boundary[16] = "process";
static char fallback[400];
static char kind[16] = "single";
static char judge_bin[256] = "/work/judge/judge";
static char cand_bin[256] = "/work/cand/prog";
static long deadline_ms = 9000;
static char *tests[MAX_TESTS];
static int ntests;
static int list_tests;
static int oom_seen;

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void write_all(int fd, const char *s, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        s += w;
        n -= (size_t) w;
    }
}

/* Appends s as a JSON string to buf (capacity cap). */
static void json_str(char *buf, size_t cap, const char *s) {
    size_t n = strlen(buf);
    if (n + 2 >= cap) return;
    buf[n++] = '"';
    for (; *s && n + 8 < cap; s++) {
        unsigned char c = (unsigned char) *s;
        if (c == '"' || c == '\\') { buf[n++] = '\\'; buf[n++] = (char) c; }
        else if (c == '\n') { buf[n++] = '\\'; buf[n++] = 'n'; }
        else if (c < 0x20 || c == 0x7f) n += (size_t) snprintf(buf + n, cap - n, "\\u%04x", c);
        else buf[n++] = (char) c;
    }
    buf[n++] = '"';
    buf[n] = 0;
}

static void emit(const char *json) {
    char line[8192];
    int n = snprintf(line, sizeof line, "@@%s %s\n", nonce, json);
    if (n > 0) write_all(1, line, (size_t) n < sizeof line ? (size_t) n : sizeof line - 1);
}

static void boundary_fields(char *buf, size_t cap) {
    strncat(buf, ",\"boundary\":", cap - strlen(buf) - 1);
    json_str(buf, cap, boundary);
    if (strcmp(boundary, "process") != 0) {
        strncat(buf, ",\"fallback\":", cap - strlen(buf) - 1);
        json_str(buf, cap, fallback);
    }
}

static void read_meta(void) {
    FILE *f = fopen(META, "r");
    if (!f) exit(70);
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *v = strchr(line, ' ');
        if (!v) continue;
        *v++ = 0;
        if (!strcmp(line, "nonce")) snprintf(nonce, sizeof nonce, "%s", v);
        else if (!strcmp(line, "boundary")) snprintf(boundary, sizeof boundary, "%s", v);
        else if (!strcmp(line, "fallback")) snprintf(fallback, sizeof fallback, "%s", v);
        else if (!strcmp(line, "kind")) snprintf(kind, sizeof kind, "%s", v);
        else if (!strcmp(line, "judge")) snprintf(judge_bin, sizeof judge_bin, "%s", v);
        else if (!strcmp(line, "candidate")) snprintf(cand_bin, sizeof cand_bin, "%s", v);
        else if (!strcmp(line, "deadline_ms")) deadline_ms = atol(v);
        else if (!strcmp(line, "list")) list_tests = 1;
        else if (!strcmp(line, "test") && ntests < MAX_TESTS) tests[ntests++] = strdup(v);
    }
    fclose(f);
    unlink(META);
    for (char *p = nonce; *p; p++) {
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) exit(70);
    }
    if (!*nonce) exit(70);
}

/* The kernel's count of OOM kills in this container's memory cgroup (v2, else v1); -1 when unreadable. */
static long oom_kills(void) {
    static const char *const files[] = {"/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        FILE *f = fopen(files[i], "r");
        if (!f) continue;
        char key[64];
        long v, found = -1;
        while (fscanf(f, "%63s %ld", key, &v) == 2) {
            if (!strcmp(key, "oom_kill")) found = v;
        }
        fclose(f);
        if (found >= 0) return found;
    }
    return -1;
}

/* Kills every process of a uid: a child drops to it and signals everything it may signal. */
static void kill_uid(int uid) {
    pid_t p = fork();
    if (p == 0) {
        if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) _exit(1);
        kill(-1, SIGKILL);
        _exit(0);
    }
    if (p > 0) waitpid(p, NULL, 0);
}

struct spawn { int uid; const char *cwd; char **argv; int fd3, fd4, out; };

/* Starts argv as uid in cwd with stdin /dev/null, stdout+stderr on out, fds 3 and 4 as given, nothing else open. */
static pid_t spawn(const struct spawn *s) {
    pid_t p = fork();
    if (p != 0) return p;
    int keep[3] = {s->out, s->fd3, s->fd4};
    for (int i = 0; i < 3; i++) keep[i] = keep[i] < 0 ? -1 : fcntl(keep[i], F_DUPFD_CLOEXEC, 20);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0) _exit(71);
    if (keep[0] >= 0) { dup2(keep[0], 1); dup2(keep[0], 2); } else { dup2(null, 1); }
    dup2(keep[1] >= 0 ? keep[1] : null, 3);
    dup2(keep[2] >= 0 ? keep[2] : null, 4);
    for (int fd = 5; fd < 1024; fd++) close(fd);
    if (setgroups(0, NULL) || setgid(s->uid) || setuid(s->uid)) _exit(71);
    if (setuid(0) == 0) _exit(71);
    if (chdir(s->cwd) != 0) _exit(71);  /* after the drop: root without CAP_DAC_OVERRIDE cannot enter /work/cand */
    char home[300];
    snprintf(home, sizeof home, "HOME=%s", s->cwd);
    char tmp[300];
    snprintf(tmp, sizeof tmp, "TMPDIR=%s", s->cwd);
    char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", home, tmp, "LANG=C.UTF-8", "RUST_BACKTRACE=0", NULL};
    execve(s->argv[0], s->argv, env);
    _exit(72);
}

static void make_pipe(int p[2]) {
    if (pipe2(p, O_CLOEXEC) != 0) exit(70);
}

static void random_token(char *out) {
    unsigned char b[16];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, b, sizeof b) != (ssize_t) sizeof b) exit(70);
    close(fd);
    for (int i = 0; i < 16; i++) sprintf(out + 2 * i, "%02x", b[i]);
}

struct result {
    char outcome[16];
    char message[1200];
    int cand_early; /* the candidate ended while the judge was still running */
    int cand_status;
    int sigkilled;  /* a child was SIGKILLed, not by us */
    long ms;
};

static void describe(char *buf, size_t cap, const char *who, int status) {
    if (WIFSIGNALED(status)) snprintf(buf, cap, "%s was killed by signal %d%s", who, WTERMSIG(status),
            WTERMSIG(status) == SIGABRT ? " (an assertion failed or the program aborted)" : "");
    else snprintf(buf, cap, "%s exited with status %d", who, WEXITSTATUS(status));
}

/* The tail of the judge's output (its failure message), one line. */
static void tail_of(char *dst, size_t cap, const char *out, size_t n) {
    size_t keep = n > 600 ? 600 : n;
    snprintf(dst, cap, "%.*s", (int) keep, out + n - keep);
}

/* Runs one test; returns 1 when it timed out (the rest are skipped). */
static int run_test(const char *name, long deadline, struct result *r) {
    memset(r, 0, sizeof *r);
    long started = now_ms();
    int in_process = strcmp(boundary, "process") != 0;
    int libtest = !strcmp(kind, "libtest");
    int a[2], b[2], out[2];
    make_pipe(a);
    make_pipe(b);
    make_pipe(out);
    char token[40] = "";
    char *argv[8];
    int argc = 0;
    argv[argc++] = in_process ? cand_bin : judge_bin;
    if (libtest) {
        argv[argc++] = "--exact";
        argv[argc++] = (char *) name;
        argv[argc++] = "--test-threads=1";
    }
    argv[argc] = NULL;
    pid_t judge, cand = -1;
    if (in_process) {
        /* a: token to the program (fd 3); b: the program's "done" line back (fd 4). */
        random_token(token);
        struct spawn s = {CANDIDATE_UID, "/work/cand", argv, a[0], b[1], out[1]};
        judge = spawn(&s);
        char line[200];
        int n = snprintf(line, sizeof line, "%s\n", token);
        write_all(a[1], line, (size_t) n);
    } else {
        /* a: calls, judge -> candidate; b: answers, candidate -> judge. */
        char *cargv[] = {cand_bin, NULL};
        struct spawn c = {CANDIDATE_UID, "/work/cand", cargv, a[0], b[1], 2};
        cand = spawn(&c);
        struct spawn j = {JUDGE_UID, "/work/judge", argv, a[1], b[0], out[1]};
        judge = spawn(&j);
    }
    close(a[0]);
    close(a[1]);
    close(b[1]);
    close(out[1]);
    if (!in_process) close(b[0]);
    static char buf[OUT_CAP];
    size_t n = 0;
    int judge_status = 0, judge_done = 0, cand_done = cand < 0, timed_out = 0, out_open = 1;
    while (!judge_done || out_open) {
        long left = deadline - now_ms();
        if (left <= 0) { timed_out = 1; break; }
        if (out_open) {
            struct pollfd p = {out[0], POLLIN, 0};
            if (poll(&p, 1, left < 50 ? (int) left : 50) > 0) {
                char chunk[4096];
                ssize_t k = read(out[0], chunk, sizeof chunk);
                if (k > 0) {
                    write_all(2, chunk, (size_t) k);
                    size_t room = sizeof buf - 1 - n;
                    size_t take = (size_t) k < room ? (size_t) k : room;
                    memcpy(buf + n, chunk, take);
                    n += take;
                } else if (k == 0 || errno != EINTR) {
                    out_open = 0;
                }
            }
        } else {
            usleep(2000);
        }
        if (!judge_done && waitpid(judge, &judge_status, WNOHANG) == judge) judge_done = 1;
        if (!cand_done && waitpid(cand, &r->cand_status, WNOHANG) == cand) {
            cand_done = 1;
            r->cand_early = !judge_done;
        }
    }
    buf[n] = 0;
    close(out[0]);
    if (!judge_done) kill(judge, SIGKILL);
    if (!cand_done) kill(cand, SIGKILL);
    kill_uid(CANDIDATE_UID);
    kill_uid(JUDGE_UID);
    if (!judge_done) waitpid(judge, &judge_status, 0);
    if (!cand_done) waitpid(cand, &r->cand_status, 0);
    r->ms = now_ms() - started;
    if (timed_out) {
        strcpy(r->outcome, "timeout");
        snprintf(r->message, sizeof r->message, "the test exceeded the run's time limit and was killed");
        return 1;
    }
    if ((WIFSIGNALED(judge_status) && WTERMSIG(judge_status) == SIGKILL)
            || (r->cand_early && WIFSIGNALED(r->cand_status) && WTERMSIG(r->cand_status) == SIGKILL)) {
        r->sigkilled = 1;
    }
    int ok = WIFEXITED(judge_status) && WEXITSTATUS(judge_status) == 0;
    if (libtest && ok) {
        /* libtest's own line for this test (the judge's output holds no candidate code's output). */
        char want[600], want_panic[620];
        snprintf(want, sizeof want, "test %s ... ok\n", name);
        snprintf(want_panic, sizeof want_panic, "test %s - should panic ... ok\n", name);
        ok = strstr(buf, want) != NULL || strstr(buf, want_panic) != NULL;
    }
    if (in_process && ok) {
        /* The token must come back on fd 4, after the test body returned; an exit(0) never writes it. */
        char got[256] = "";
        size_t g = 0;
        ssize_t k;
        while (g < sizeof got - 1 && (k = read(b[0], got + g, sizeof got - 1 - g)) > 0) g += (size_t) k;
        got[g] = 0;
        char want[120];
        snprintf(want, sizeof want, "%s\n", token);
        ok = strcmp(got, want) == 0;
        if (!ok) {
            strcpy(r->outcome, "failed");
            snprintf(r->message, sizeof r->message, "the test program exited without finishing the test");
        }
    }
    if (in_process) close(b[0]);
    if (ok) {
        strcpy(r->outcome, "passed");
        return 0;
    }
    strcpy(r->outcome, "failed");
    if (!*r->message) {
        char why[200], tail[700];
        describe(why, sizeof why, in_process ? "the test program" : "the judge", judge_status);
        if (r->cand_early) {
            char c[200];
            describe(c, sizeof c, "the candidate process", r->cand_status);
            snprintf(why, sizeof why, "%s during a call", c);
        }
        tail_of(tail, sizeof tail, buf, n);
        snprintf(r->message, sizeof r->message, "%s%s%s", why, n ? ": " : "", tail);
    }
    return 0;
}

/* The judge's own list of its tests (libtest --list), run as the judge's uid with no candidate. */
static void list_judge_tests(long deadline) {
    int out[2];
    make_pipe(out);
    char *argv[] = {judge_bin, "--list", "--format", "terse", NULL};
    struct spawn s = {JUDGE_UID, "/work/judge", argv, -1, -1, out[1]};
    pid_t p = spawn(&s);
    close(out[1]);
    static char buf[OUT_CAP];
    size_t n = 0;
    ssize_t k;
    while (now_ms() < deadline && n < sizeof buf - 1 && (k = read(out[0], buf + n, sizeof buf - 1 - n)) > 0) n += (size_t) k;
    buf[n] = 0;
    close(out[0]);
    kill(p, SIGKILL);
    waitpid(p, NULL, 0);
    for (char *line = strtok(buf, "\n"); line && ntests < MAX_TESTS; line = strtok(NULL, "\n")) {
        size_t len = strlen(line);
        if (len > 6 && !strcmp(line + len - 6, ": test")) {
            line[len - 6] = 0;
            tests[ntests++] = strdup(line);
        }
    }
}

int main(void) {
    long start = now_ms();
    prctl(PR_SET_DUMPABLE, 0);
    signal(SIGPIPE, SIG_IGN);
    read_meta();
    long deadline = start + deadline_ms;
    long ooms = oom_kills();
    char buf[2048] = "{\"t\":\"start\"";
    boundary_fields(buf, sizeof buf);
    strcat(buf, "}");
    emit(buf);
    if (list_tests) list_judge_tests(deadline);
    int passed = 0, sigkilled = 0, stop = 0;
    for (int i = 0; i < ntests; i++) {
        char line[4096];
        if (stop) {
            snprintf(line, sizeof line, "{\"t\":\"test\",\"name\":");
            json_str(line, sizeof line, tests[i]);
            strcat(line, ",\"outcome\":\"skipped\",\"message\":\"not run: an earlier test timed out\"}");
            emit(line);
            continue;
        }
        struct result r;
        stop = run_test(tests[i], deadline, &r);
        /* The kernel's OOM count decides "killed for memory", whichever process (candidate or judge) saw the end
         * first. */
        long ooms_now = oom_kills();
        int oom_now = ooms >= 0 && ooms_now > ooms;
        if ((r.cand_early || oom_now) && strcmp(r.outcome, "passed") != 0) {
            int sig = !r.cand_early ? SIGKILL : WIFSIGNALED(r.cand_status) ? WTERMSIG(r.cand_status) : 0;
            oom_seen = oom_now;
            if (sig) snprintf(line, sizeof line, "{\"t\":\"candidate\",\"exit\":null,\"signal\":%d", sig);
            else snprintf(line, sizeof line, "{\"t\":\"candidate\",\"exit\":%d,\"signal\":null", WEXITSTATUS(r.cand_status));
            snprintf(line + strlen(line), sizeof line - strlen(line), ",\"oom\":%s,\"during\":", oom_seen ? "true" : "false");
            json_str(line, sizeof line, tests[i]);
            strcat(line, "}");
            emit(line);
        }
        sigkilled |= r.sigkilled;
        passed += !strcmp(r.outcome, "passed");
        snprintf(line, sizeof line, "{\"t\":\"test\",\"name\":");
        json_str(line, sizeof line, tests[i]);
        snprintf(line + strlen(line), sizeof line - strlen(line), ",\"outcome\":\"%s\",\"ms\":%ld,\"message\":", r.outcome, r.ms);
        if (!strcmp(r.outcome, "passed")) strcat(line, "null");
        else json_str(line, sizeof line, r.message);
        strcat(line, "}");
        emit(line);
    }
    snprintf(buf, sizeof buf, "{\"t\":\"end\",\"total\":%d,\"passed\":%d", ntests, passed);
    boundary_fields(buf, sizeof buf);
    strcat(buf, "}");
    emit(buf);
    return sigkilled ? 137 : 0;
}
