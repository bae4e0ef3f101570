// Arbiter's wire format for calls across the judge/candidate boundary (C++). Both sides include it: the judge's
// generated stubs serialize the arguments with put() and deserialize the answer with get() into the declared types;
// the candidate's generated call server does the reverse. Every value carries a one-byte tag; lengths are checked
// against the bytes left, so a malformed answer fails the call instead of reading out of bounds. Floating-point
// values travel as their exact bits. The I/O lives in wire-io.cpp (compiled apart), so this header adds no C
// library names (read, write, strlen...) to the code that includes it.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <list>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace arbiter {
[[noreturn]] void fatal(const char* what, const char* detail);

struct Out {
    std::string b;
    void raw(const void* p, std::size_t n) { b.append(static_cast<const char*>(p), n); }
    void tag(char t) { b.push_back(t); }
    void u32(std::uint32_t v) { raw(&v, 4); }
};

struct In {
    std::string d;
    std::size_t i = 0;
    void need(std::size_t k) {
        if (k > d.size() - i) fatal("malformed value", "truncated");
    }
    void raw(void* p, std::size_t n) {
        need(n);
        __builtin_memcpy(p, d.data() + i, n);
        i += n;
    }
    void expect(char t) {
        need(1);
        if (d[i++] != t) fatal("malformed value", "unexpected type tag");
    }
    std::uint32_t u32() {
        std::uint32_t v;
        raw(&v, 4);
        return v;
    }
    std::uint32_t count() {
        std::uint32_t n = u32();
        if (n > d.size() - i) fatal("malformed value", "count larger than the message");
        return n;
    }
    void end() {
        if (i != d.size()) fatal("malformed value", "trailing bytes");
    }
};

template <class T, class = void>
struct Wire {
    static constexpr bool supported = false;
};

template <class T>
void put(Out& o, const T& v) {
    Wire<T>::put(o, v);
}
template <class T>
T get(In& in) {
    return Wire<T>::get(in);
}

template <>
struct Wire<bool> {
    static void put(Out& o, bool v) { o.tag('b'); o.b.push_back(v ? 1 : 0); }
    static bool get(In& in) {
        in.expect('b');
        char c;
        in.raw(&c, 1);
        if (c != 0 && c != 1) fatal("malformed value", "bool");
        return c == 1;
    }
};

template <>
struct Wire<char> {
    static void put(Out& o, char v) { o.tag('c'); o.b.push_back(v); }
    static char get(In& in) {
        in.expect('c');
        char c;
        in.raw(&c, 1);
        return c;
    }
};

template <class T>
struct Wire<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>>> {
    static void put(Out& o, T v) {
        if constexpr (std::is_signed_v<T>) {
            o.tag('i');
            std::int64_t w = v;
            o.raw(&w, 8);
        } else {
            o.tag('u');
            std::uint64_t w = v;
            o.raw(&w, 8);
        }
    }
    static T get(In& in) {
        if constexpr (std::is_signed_v<T>) {
            in.expect('i');
            std::int64_t w;
            in.raw(&w, 8);
            if (w < std::numeric_limits<T>::min() || w > std::numeric_limits<T>::max()) fatal("malformed value", "integer out of range");
            return static_cast<T>(w);
        } else {
            in.expect('u');
            std::uint64_t w;
            in.raw(&w, 8);
            if (w > std::numeric_limits<T>::max()) fatal("malformed value", "integer out of range");
            return static_cast<T>(w);
        }
    }
};

template <class T>
struct Wire<T, std::enable_if_t<std::is_floating_point_v<T>>> {
    static constexpr char tag = sizeof(T) == 4 ? 'f' : sizeof(T) == 8 ? 'd' : 'e';
    static void put(Out& o, T v) { o.tag(tag); o.raw(&v, sizeof v); }
    static T get(In& in) {
        in.expect(tag);
        T v;
        in.raw(&v, sizeof v);
        return v;
    }
};

template <>
struct Wire<std::string> {
    static void put(Out& o, const std::string& v) {
        o.tag('s');
        o.u32(static_cast<std::uint32_t>(v.size()));
        o.raw(v.data(), v.size());
    }
    static std::string get(In& in) {
        in.expect('s');
        std::uint32_t n = in.count();
        std::string s(in.d, in.i, n);
        in.i += n;
        return s;
    }
};

// Sequences and sets: 'l', the count, the elements in iteration order.
template <class C, class T>
struct Sequence {
    static void put(Out& o, const C& v) {
        o.tag('l');
        o.u32(static_cast<std::uint32_t>(v.size()));
        for (auto it = v.begin(); it != v.end(); ++it) {
            if constexpr (std::is_same_v<T, bool>) {
                Wire<T>::put(o, static_cast<bool>(*it));  // vector<bool> hands out proxies
            } else {
                Wire<T>::put(o, *it);
            }
        }
    }
    static C get(In& in) {
        in.expect('l');
        std::uint32_t n = in.count();
        C c;
        for (std::uint32_t k = 0; k < n; k++) {
            if constexpr (std::is_same_v<C, std::vector<T>> || std::is_same_v<C, std::deque<T>> || std::is_same_v<C, std::list<T>>) {
                c.push_back(Wire<T>::get(in));
            } else {
                c.insert(Wire<T>::get(in));
            }
        }
        return c;
    }
};
template <class T, class A>
struct Wire<std::vector<T, A>, std::enable_if_t<std::is_same_v<A, std::allocator<T>>>> : Sequence<std::vector<T>, T> {};
template <class T>
struct Wire<std::deque<T>> : Sequence<std::deque<T>, T> {};
template <class T>
struct Wire<std::list<T>> : Sequence<std::list<T>, T> {};
template <class T>
struct Wire<std::set<T>> : Sequence<std::set<T>, T> {};
template <class T>
struct Wire<std::multiset<T>> : Sequence<std::multiset<T>, T> {};
template <class T>
struct Wire<std::unordered_set<T>> : Sequence<std::unordered_set<T>, T> {};

template <class C, class K, class V>
struct Mapping {
    static void put(Out& o, const C& v) {
        o.tag('m');
        o.u32(static_cast<std::uint32_t>(v.size()));
        for (const auto& kv : v) {
            Wire<K>::put(o, kv.first);
            Wire<V>::put(o, kv.second);
        }
    }
    static C get(In& in) {
        in.expect('m');
        std::uint32_t n = in.count();
        C c;
        for (std::uint32_t k = 0; k < n; k++) {
            K key = Wire<K>::get(in);
            V value = Wire<V>::get(in);
            c.emplace(std::move(key), std::move(value));
        }
        return c;
    }
};
template <class K, class V>
struct Wire<std::map<K, V>> : Mapping<std::map<K, V>, K, V> {};
template <class K, class V>
struct Wire<std::multimap<K, V>> : Mapping<std::multimap<K, V>, K, V> {};
template <class K, class V>
struct Wire<std::unordered_map<K, V>> : Mapping<std::unordered_map<K, V>, K, V> {};

template <class A, class B>
struct Wire<std::pair<A, B>> {
    static void put(Out& o, const std::pair<A, B>& v) {
        o.tag('t');
        o.u32(2);
        Wire<A>::put(o, v.first);
        Wire<B>::put(o, v.second);
    }
    static std::pair<A, B> get(In& in) {
        in.expect('t');
        if (in.u32() != 2) fatal("malformed value", "pair");
        A a = Wire<A>::get(in);
        B b = Wire<B>::get(in);
        return {std::move(a), std::move(b)};
    }
};

template <class... T>
struct Wire<std::tuple<T...>> {
    static void put(Out& o, const std::tuple<T...>& v) {
        o.tag('t');
        o.u32(sizeof...(T));
        std::apply([&o](const T&... x) { (Wire<T>::put(o, x), ...); }, v);
    }
    static std::tuple<T...> get(In& in) {
        in.expect('t');
        if (in.u32() != sizeof...(T)) fatal("malformed value", "tuple");
        return std::tuple<T...>{Wire<T>::get(in)...};  // braced: evaluated left to right
    }
};

template <class T, std::size_t N>
struct Wire<std::array<T, N>> {
    static void put(Out& o, const std::array<T, N>& v) {
        o.tag('t');
        o.u32(static_cast<std::uint32_t>(N));
        for (const auto& x : v) Wire<T>::put(o, x);
    }
    static std::array<T, N> get(In& in) {
        in.expect('t');
        if (in.u32() != N) fatal("malformed value", "array");
        std::array<T, N> a{};
        for (auto& x : a) x = Wire<T>::get(in);
        return a;
    }
};

template <class T>
struct Wire<std::optional<T>> {
    static void put(Out& o, const std::optional<T>& v) {
        o.tag('o');
        o.b.push_back(v ? 1 : 0);
        if (v) Wire<T>::put(o, *v);
    }
    static std::optional<T> get(In& in) {
        in.expect('o');
        char c;
        in.raw(&c, 1);
        if (c == 0) return std::nullopt;
        if (c != 1) fatal("malformed value", "optional");
        return Wire<T>::get(in);
    }
};

// The judge's side: one call, answered by the candidate's process. An exception the candidate threw comes back
// and is rethrown here as the same standard type; a candidate that ends, hangs or answers garbage ends the judge.
In call(const Out& request, const char* function);
int judge_main(int (*tests)());

// The candidate's side: reads calls on fd 3, answers on fd 4, until the judge closes its end.
using Fn = void (*)(In&, Out&);
int serve(const Fn* functions, std::size_t count);
}  // namespace arbiter
