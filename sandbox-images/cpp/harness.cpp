// The in-process fallback's main (a translation unit of its own, so no macro of the candidate or the tests reaches
// it). It reads this test's token from fd 3, runs the tests' main (renamed arbiter_tests_main) and, only when that
// returned 0, writes the token back on fd 4. A program that exits early (exit(0) in the candidate's function) never
// writes it; the supervisor judges by the token and the exit status, never by what the program prints.
#include <cstdio>
#include <unistd.h>

int arbiter_tests_main();

int main() {
    char token[64] = {0};
    ssize_t n = read(3, token, sizeof token - 1);
    close(3);
    int rc = arbiter_tests_main();
    std::fflush(stdout);
    if (rc == 0 && n > 0) {
        (void) !write(4, token, (size_t) n);
    }
    close(4);
    _exit(rc == 0 ? 0 : 1);
}
