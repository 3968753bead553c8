#pragma once
// The operations behind mi-keys(1), each audited. Kept here rather than in the tool so they can be
// tested without a process and reused by the batch driver.

#include "core/audit.hpp"
#include "core/home.hpp"
#include "core/keyring.hpp"
#include "core/ndjson.hpp"
#include "core/policy.hpp"
#include "core/record_stream.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace mi {

inline const std::vector<std::string> default_compartments{"ops", "phi", "ids", "to:sign"};

// default_compartments plus "to:<name>" for each destination the policy names, so a new home
// can run mi-redact at once.
std::vector<std::string> compartments_for_policy(const Policy &policy);

// Creates the keyring file (0600). Refuses an existing file unless force.
void init_keyring(const HomePaths &paths, const std::vector<std::string> &compartments, bool force);

// New primary for a compartment ("audit" rotates the checkpoint signing key); creates the
// compartment when add is true. Saves the keyring and returns the new key id.
KeyId rotate_key(const HomePaths &paths, const std::string &compartment, bool add);

// Writes a scoped keyring holding only the named compartments to out (0600).
void export_keyring(const Keyring &keys, const std::vector<std::string> &names,
                    const std::filesystem::path &out, bool force, AuditLog &audit);

// Re-wraps every compartment of every record it holds keys for to the current primary keys.
StreamSummary rewrap_stream(const Keyring &keys, const StreamOptions &options, LineWriter &out,
                            RejectWriter &rejects, AuditLog &audit);

// One line per key: compartment, key id, created, primary or not. No key material.
std::vector<std::string> describe_keyring(const Keyring &keys);

} // namespace mi
