#pragma once

#include <algorithm>
#include <functional>
#include <thread>
#include <vector>

// fn(i) for i in [0, n), split across the machine's cores when n is large enough to pay for a thread (a batch's
// 500 operations: their reading, canonical form and Carnet's rules take ~50 µs each, independent of one another).
// The calling thread takes the first share. fn must not throw and must touch only what belongs to its i.
inline void parallelFor(int n, const std::function<void(int)> &fn, int minimumPerThread = 64)
{
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = std::clamp(n / std::max(1, minimumPerThread), 1, cores);
    const auto run = [&](int part) {
        for (int i = part * n / threads; i < (part + 1) * n / threads; ++i)
            fn(i);
    };
    std::vector<std::thread> helpers;
    for (int part = 1; part < threads; ++part)
        helpers.emplace_back(run, part);
    run(0);
    for (std::thread &t : helpers)
        t.join();
}
