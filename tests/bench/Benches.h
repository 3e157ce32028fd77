#pragma once

// Mean milliseconds per commune lookup over a realistic mix of queries (index loaded before timing).
double benchCommuneLookupMs();
