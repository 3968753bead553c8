#pragma once
// Reading a policy section: the checks every stage's section reader shares, each failing with
// Error(policy_invalid) at the JSON pointer of the offending member, so an operator is pointed
// at the exact place to fix.

#include "core/error.hpp"
#include "core/json.hpp"

#include <string>
#include <vector>

namespace mi::policy_reading {

[[noreturn]] void invalid(StaticText what, const std::string &pointer);

// An array of non-empty strings.
std::vector<std::string> strings(const Json &value, const std::string &pointer);

// object[key] as a number in [low, high]; fallback when absent.
double number_in(const Json &object, const char *key, double fallback, double low, double high,
                 const std::string &pointer);

// object[key] as true or false; fallback when absent.
bool flag(const Json &object, const char *key, bool fallback, const std::string &pointer);

} // namespace mi::policy_reading
