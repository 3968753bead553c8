#include "core/reason.hpp"

#include <array>

namespace mi {
namespace {

struct ReasonInfo {
  std::string_view code;
  int exit_status;
  std::string_view description;
};

constexpr std::array reason_table{
#define MI_REASON_INFO(code, status, text) ReasonInfo{#code, status, text},
    MI_REASON_CODES(MI_REASON_INFO)
#undef MI_REASON_INFO
};

const ReasonInfo &info(Reason reason) noexcept {
  auto index = static_cast<std::size_t>(reason);
  return index < reason_table.size() ? reason_table[index]
                                     : reason_table[static_cast<std::size_t>(Reason::internal)];
}

} // namespace

std::string_view reason_code(Reason reason) noexcept { return info(reason).code; }
std::string_view reason_description(Reason reason) noexcept { return info(reason).description; }
int reason_exit_status(Reason reason) noexcept { return info(reason).exit_status; }

std::optional<Reason> reason_from_code(std::string_view code) noexcept {
  for (std::size_t i = 0; i < reason_table.size(); ++i)
    if (reason_table[i].code == code)
      return static_cast<Reason>(i);
  return std::nullopt;
}

} // namespace mi
