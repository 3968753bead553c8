// Envelope seal/open throughput: records/s and MB/s for a typical record (a 1 KiB ops
// compartment and a phi compartment of words with boxes). Run: build/bin/mi-bench-envelope [N]
#include "core/envelope.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace mi;

namespace {

Json sample_phi(int words) {
  Json list = Json::array();
  for (int i = 0; i < words; ++i)
    list.push_back({{"text", "word" + std::to_string(i)},
                    {"box", {i % 600, i / 600 * 14, 40, 12}},
                    {"confidence", 0.93}});
  return {{"pages", {{{"page", 1}, {"words", list}}}}};
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char **argv) {
  int count = argc > 1 ? std::atoi(argv[1]) : 2000;
  auto keys = Keyring::create({"ops", "phi", "ids"});
  Json ops = {{"status", "accepted"},
              {"document_type", "referral"},
              {"pages", {1, 3}},
              {"padding", std::string(900, 'x')}};
  Json phi = sample_phi(400);
  EnvelopeHeader header{RecordId::generate(),
                        TraceId::generate(),
                        DocumentId::generate(),
                        1,
                        TenantId::parse("bench"),
                        StageName::parse("bench"),
                        0,
                        std::nullopt};

  std::vector<std::string> lines;
  lines.reserve(count);
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) {
    header.sequence = static_cast<std::uint64_t>(i);
    Envelope e(header);
    e.seal("ops", ops, keys);
    e.seal("phi", phi, keys);
    lines.push_back(e.serialize());
  }
  double seal_s = seconds_since(start);
  double bytes = 0;
  for (const auto &l : lines)
    bytes += static_cast<double>(l.size());

  start = std::chrono::steady_clock::now();
  std::size_t opened = 0;
  for (const auto &l : lines) {
    auto e = Envelope::parse(l);
    opened += e.open("ops", keys).size() + e.open("phi", keys).size();
  }
  double open_s = seconds_since(start);

  std::printf("records %d, average envelope %.1f KiB\n", count, bytes / count / 1024);
  std::printf("seal+serialize: %8.0f records/s  %7.1f MB/s\n", count / seal_s,
              bytes / seal_s / 1e6);
  std::printf("parse+open:     %8.0f records/s  %7.1f MB/s\n", count / open_s,
              bytes / open_s / 1e6);
  return opened ? 0 : 1;
}
