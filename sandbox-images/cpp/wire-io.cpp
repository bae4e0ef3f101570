// The I/O half of wire.hpp, compiled once into the image and linked into both the judge and the candidate's
// call server. Frames are a 4-byte little-endian length, then the bytes. A request is the function's index and the
// arguments; an answer is 'R' and the result (then every argument passed by non-const reference), or 'X', a code
// and a message for an exception the candidate threw.
#include "wire.hpp"
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <sys/prctl.h>
#include <unistd.h>

namespace arbiter {
namespace {
const int CALLS_IN = 3;   // the judge writes calls, the candidate reads them
const int ANSWERS = 4;    // the candidate writes answers, the judge reads them
const std::uint32_t MAX_FRAME = 256u << 20;
bool judge_side = false;
const char* current = "?";

bool write_all(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

// 1: read all n bytes; 0: clean end of stream before the first byte; -1: broken.
int read_all(int fd, char* p, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
        ssize_t r = ::read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return got == 0 && r == 0 ? 0 : -1;
        got += static_cast<std::size_t>(r);
    }
    return 1;
}

bool send(int fd, const std::string& payload) {
    std::uint32_t n = static_cast<std::uint32_t>(payload.size());
    char head[4];
    __builtin_memcpy(head, &n, 4);
    return write_all(fd, head, 4) && write_all(fd, payload.data(), payload.size());
}

// 1: a frame; 0: the other side closed; -1: broken or oversized.
int receive(int fd, std::string& payload) {
    char head[4];
    int r = read_all(fd, head, 4);
    if (r <= 0) return r;
    std::uint32_t n;
    __builtin_memcpy(&n, head, 4);
    if (n > MAX_FRAME) return -1;
    payload.assign(n, '\0');
    return n == 0 || read_all(fd, &payload[0], n) == 1 ? 1 : -1;
}

enum Code : char { INVALID = 1, OUT_OF_RANGE, LENGTH, DOMAIN, LOGIC, RANGE, OVERFLOW, UNDERFLOW, RUNTIME, BAD_ALLOC,
    OTHER_STD, C_STRING, STRING, INT, UNKNOWN };

[[noreturn]] void rethrow(char code, const std::string& m) {
    switch (code) {
        case INVALID: throw std::invalid_argument(m);
        case OUT_OF_RANGE: throw std::out_of_range(m);
        case LENGTH: throw std::length_error(m);
        case DOMAIN: throw std::domain_error(m);
        case LOGIC: throw std::logic_error(m);
        case RANGE: throw std::range_error(m);
        case OVERFLOW: throw std::overflow_error(m);
        case UNDERFLOW: throw std::underflow_error(m);
        case BAD_ALLOC: throw std::bad_alloc();
        case C_STRING: throw "candidate exception";
        case STRING: throw m;
        case INT: throw std::atoi(m.c_str());
        default: throw std::runtime_error(m);
    }
}

void exception_answer(Out& o, char code, const std::string& message) {
    o.b.clear();
    o.tag('X');
    o.b.push_back(code);
    Wire<std::string>::put(o, message);
}
}  // namespace

[[noreturn]] void fatal(const char* what, const char* detail) {
    if (judge_side) {
        std::fprintf(stderr, "\narbiter: call to %s: %s (%s)\n", current, what, detail);
        std::fflush(stderr);
        _exit(85);
    }
    _exit(87);
}

In call(const Out& request, const char* function) {
    current = function;
    std::fflush(stdout);
    if (!send(CALLS_IN, request.b)) fatal("the candidate process ended before the call", "broken pipe");
    In answer;
    int r = receive(ANSWERS, answer.d);
    if (r == 0) fatal("the candidate process ended during the call", "no answer");
    if (r < 0) fatal("the candidate's answer is malformed", "broken frame");
    answer.need(1);
    char kind = answer.d[answer.i++];
    if (kind == 'R') return answer;
    if (kind != 'X') fatal("the candidate's answer is malformed", "unknown kind");
    answer.need(1);
    char code = answer.d[answer.i++];
    std::string message = Wire<std::string>::get(answer);
    answer.end();
    rethrow(code, message);
}

int judge_main(int (*tests)()) {
    judge_side = true;
    prctl(PR_SET_DUMPABLE, 0);
    std::signal(SIGPIPE, SIG_IGN);
    int rc = tests();
    std::fflush(stdout);
    return rc;
}

int serve(const Fn* functions, std::size_t count) {
    std::signal(SIGPIPE, SIG_DFL);
    std::string payload;
    for (;;) {
        int r = receive(CALLS_IN, payload);
        if (r == 0) return 0;
        if (r < 0) _exit(87);
        In in;
        in.d.swap(payload);
        std::uint32_t index = in.u32();
        if (index >= count) _exit(87);
        Out o;
        o.tag('R');
        try {
            functions[index](in, o);
        } catch (const std::invalid_argument& e) { exception_answer(o, INVALID, e.what());
        } catch (const std::out_of_range& e) { exception_answer(o, OUT_OF_RANGE, e.what());
        } catch (const std::length_error& e) { exception_answer(o, LENGTH, e.what());
        } catch (const std::domain_error& e) { exception_answer(o, DOMAIN, e.what());
        } catch (const std::logic_error& e) { exception_answer(o, LOGIC, e.what());
        } catch (const std::range_error& e) { exception_answer(o, RANGE, e.what());
        } catch (const std::overflow_error& e) { exception_answer(o, OVERFLOW, e.what());
        } catch (const std::underflow_error& e) { exception_answer(o, UNDERFLOW, e.what());
        } catch (const std::runtime_error& e) { exception_answer(o, RUNTIME, e.what());
        } catch (const std::bad_alloc&) { exception_answer(o, BAD_ALLOC, "bad_alloc");
        } catch (const std::exception& e) { exception_answer(o, OTHER_STD, e.what());
        } catch (const char* e) { exception_answer(o, C_STRING, e ? e : "");
        } catch (const std::string& e) { exception_answer(o, STRING, e);
        } catch (int e) { exception_answer(o, INT, std::to_string(e));
        } catch (...) { exception_answer(o, UNKNOWN, "a non-standard exception");
        }
        std::fflush(stdout);
        if (!send(ANSWERS, o.b)) return 0;
    }
}
}  // namespace arbiter
