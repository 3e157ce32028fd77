# Run by CTest (see CMakeLists.txt): MODE=build configures and builds the fuzz targets with clang++ in BINARY;
# MODE=run replays tests/fuzz/regressions/KIND, then fuzzes KIND for SECONDS over a working corpus seeded from
# tests/fuzz/corpus/KIND. A crash fails the test and names the input to keep as a regression file.
if(MODE STREQUAL "build")
    if(NOT CXX)
        message(FATAL_ERROR "clang++ not found: the fuzz targets need clang with libFuzzer (Debian: apt install clang, "
                            "or packaging/debian/install-build-deps.sh --tests), then re-run cmake.")
    endif()
    set(launcher)
    if(LAUNCHER)
        set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G Ninja -DCMAKE_CXX_COMPILER=${CXX}
                            -DCMAKE_BUILD_TYPE=RelWithDebInfo ${launcher}
                    RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "configuring the fuzz targets in ${BINARY} failed")
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY} -j2 RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "building the fuzz targets in ${BINARY} failed")
    endif()
    return()
endif()

set(target ${BINARY}/fuzz_${KIND})
if(NOT EXISTS ${target})
    message(FATAL_ERROR "${target} is missing: the fuzz_build test builds it")
endif()
set(options -rss_limit_mb=1536 -timeout=20 -print_final_stats=1)

# The regressions first: each file is run once.
file(GLOB regressions ${SOURCE}/regressions/${KIND}/*)
if(regressions)
    execute_process(COMMAND ${target} ${options} ${regressions} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "fuzz_${KIND} fails on a regression file of tests/fuzz/regressions/${KIND}")
    endif()
endif()

# Then fuzzing: new inputs go to the working corpus (kept between runs in the build folder), crashes to artifacts/.
set(work ${BINARY}/work-${KIND})
file(MAKE_DIRECTORY ${work} ${BINARY}/artifacts)
execute_process(COMMAND ${target} ${options} -max_total_time=${SECONDS} -artifact_prefix=${BINARY}/artifacts/${KIND}-
                        ${work} ${SOURCE}/corpus/${KIND}
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    file(GLOB found ${BINARY}/artifacts/${KIND}-*)
    message(FATAL_ERROR "fuzz_${KIND} found a crash (${result}): ${found}\n"
                        "Keep the input in tests/fuzz/regressions/${KIND}/ and fix the reader.")
endif()
