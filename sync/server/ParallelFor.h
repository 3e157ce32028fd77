#pragma once

#include <algorithm>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

// fn(i) for i in [0, n), split across the machine's cores when n is large enough to pay for a thread (a batch's
// 500 operations: their reading, canonical form and Carnet's rules take ~50 µs each, independent of one another).
// The calling thread takes the first share, and the shares of threads that could not be started. An exception of fn
// (bad_alloc) is rethrown here once every share has ended, never left to end the process. fn must touch only what
// belongs to its i.
inline void parallelFor(int n, const std::function<void(int)> &fn, int minimumPerThread = 64)
{
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    const int parts = std::clamp(n / std::max(1, minimumPerThread), 1, cores);
    std::vector<std::exception_ptr> failures(static_cast<size_t>(parts));
    const auto run = [&](int part) {
        try {
            for (int i = part * n / parts; i < (part + 1) * n / parts; ++i)
                fn(i);
        } catch (...) {
            failures[size_t(part)] = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    int started = 1;
    try {
        for (; started < parts; ++started)
            helpers.emplace_back(run, started);
    } catch (...) { // no thread to be had: this one does the rest
    }
    run(0);
    for (int part = started; part < parts; ++part)
        run(part);
    for (std::thread &t : helpers)
        t.join();
    for (const std::exception_ptr &failure : failures) {
        if (failure)
            std::rethrow_exception(failure);
    }
}
