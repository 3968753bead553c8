#include "redact/leak_gate.hpp"

#include "core/error.hpp"
#include "ocr/mupdf_page.hpp"
#include "ocr/page_ocr.hpp"
#include "ocr/page_render.hpp"
#include "ocr/tesseract_engine.hpp"

#include <mupdf/fitz.h>

#include <qpdf/Buffer.hh>
#include <qpdf/BufferInputSource.hh>
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFTokenizer.hh>
#include <qpdf/QPDFXRefEntry.hh>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>

extern char **environ;

namespace mi::redact {
namespace {

// ---------------------------------------------------------------------------------------------
// Findings

constexpr const char *unreadable = "unreadable";
constexpr const char *stream_too_large = "stream_too_large";

// Collects findings once per (kind, page) of one check, in the order first seen.
class Findings {
public:
  explicit Findings(std::string check) : check_(std::move(check)) {}

  void add(const std::string &kind, int page) {
    if (seen_.insert({kind, page}).second)
      list_.push_back({check_, kind, page});
  }
  // Every term the index holds, by kind.
  void match(const TextIndex &index, const std::vector<Term> &terms, int page, bool fuzzy) {
    for (const auto &term : terms)
      if (fuzzy ? index.contains_fuzzy(term) : index.contains(term))
        add(term.kind, page);
  }
  std::vector<LeakFinding> take() { return std::move(list_); }

private:
  std::string check_;
  std::set<std::pair<std::string, int>> seen_;
  std::vector<LeakFinding> list_;
};

// ---------------------------------------------------------------------------------------------
// Bytes read as text (check_raw_bytes, and decoded streams in check_objects)

void append_utf8(std::string &out, char32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

std::string from_utf16(std::string_view bytes, bool big_endian) {
  std::string out;
  auto unit = [&](std::size_t i) -> char32_t {
    auto hi = static_cast<unsigned char>(bytes[big_endian ? i : i + 1]);
    auto lo = static_cast<unsigned char>(bytes[big_endian ? i + 1 : i]);
    return static_cast<char32_t>(hi << 8 | lo);
  };
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    char32_t code = unit(i);
    if (code >= 0xD800 && code <= 0xDBFF && i + 3 < bytes.size()) {
      char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    append_utf8(out, code >= 0xD800 && code <= 0xDFFF ? 0xFFFD : code);
  }
  return out;
}

std::string from_latin1(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes)
    append_utf8(out, static_cast<unsigned char>(c));
  return out;
}

std::string without_nuls(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes)
    if (c != '\0')
      out.push_back(c);
  return out;
}

// The text a PDF string's bytes stand for: UTF-16 after a byte order mark, UTF-8 after its
// mark, otherwise PDFDocEncoding (Latin-1 where it matters: letters).
std::string string_text(std::string_view bytes) {
  if (bytes.size() >= 2 && bytes[0] == '\xFE' && bytes[1] == '\xFF')
    return from_utf16(bytes.substr(2), true);
  if (bytes.size() >= 2 && bytes[0] == '\xFF' && bytes[1] == '\xFE')
    return from_utf16(bytes.substr(2), false);
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF")
    return std::string(bytes.substr(3));
  return from_latin1(bytes);
}

bool is_pdf_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// The hex string starting at bytes[i] == '<' decoded, and where it ends; nullopt when what
// follows is not a hex string (a dictionary "<<", or binary data).
std::optional<std::pair<std::string, std::size_t>> hex_string_at(std::string_view bytes,
                                                                 std::size_t i) {
  std::string out;
  int high = -1;
  for (std::size_t k = i + 1; k < bytes.size(); ++k) {
    char c = bytes[k];
    if (c == '>') {
      if (high >= 0)
        out.push_back(static_cast<char>(high << 4)); // an odd last digit stands for digit 0
      return std::pair{std::move(out), k + 1};
    }
    if (is_pdf_space(c))
      continue;
    int value = hex_value(c);
    if (value < 0)
      return std::nullopt;
    if (high < 0) {
      high = value;
    } else {
      out.push_back(static_cast<char>(high << 4 | value));
      high = -1;
    }
  }
  return std::nullopt;
}

// A literal string longer than this is taken for a '(' in binary data, not a string. Binary
// data holds a '(' every ~256 bytes and its parentheses rarely balance, so the limit bounds
// the work per candidate (64 KiB made a 0.5 MB scan take 2 s). A longer real string is still
// read as raw bytes here, and by its value in check_objects.
constexpr std::size_t max_literal_string = 4 * 1024;

bool is_octal(char c) { return c >= '0' && c <= '7'; }

// Resolves the escape whose backslash is at bytes[k - 1], appending what it stands for (an
// escaped end of line stands for nothing); returns the position after it.
std::size_t unescape(std::string_view bytes, std::size_t k, std::size_t limit, std::string &out) {
  constexpr std::string_view letters = "nrtbf", controls = "\n\r\t\b\f";
  char e = bytes[k++];
  if (e == '\r' || e == '\n') {
    if (e == '\r' && k < limit && bytes[k] == '\n')
      ++k;
    return k;
  }
  if (is_octal(e)) {
    int value = e - '0';
    for (int n = 0; n < 2 && k < limit && is_octal(bytes[k]); ++n)
      value = value * 8 + (bytes[k++] - '0');
    out.push_back(static_cast<char>(value & 0xFF));
    return k;
  }
  auto at = letters.find(e);
  out.push_back(at == std::string_view::npos ? e : controls[at]);
  return k;
}

// The literal string starting at bytes[i] == '(' with its escapes resolved, and where it ends.
std::optional<std::pair<std::string, std::size_t>> literal_string_at(std::string_view bytes,
                                                                     std::size_t i) {
  std::string out;
  int depth = 1;
  std::size_t k = i + 1;
  std::size_t limit = std::min(bytes.size(), i + max_literal_string);
  while (k < limit) {
    char c = bytes[k++];
    if (c == '\\' && k < limit) {
      k = unescape(bytes, k, limit, out);
      continue;
    }
    if (c == '(')
      ++depth;
    else if (c == ')' && --depth == 0)
      return std::pair{std::move(out), k};
    out.push_back(c);
  }
  return std::nullopt;
}

// Lines of text for every string in `bytes`: each string alone (its text, and without NULs
// when it has some), and the strings of each array joined, as a TJ operand ([(Tark) -20
// (ithmont)] TJ) splits a word into pieces.
class StringLines {
public:
  explicit StringLines(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
      if (auto string = string_at(bytes, i)) {
        add_string(string->first);
        i = string->second;
        continue;
      }
      if (bytes[i] == '[')
        open_array();
      else if (bytes[i] == ']' && !open_arrays_.empty())
        close_array();
      i += bytes.substr(i, 2) == "<<" ? 2 : 1;
    }
  }
  const std::string &text() const { return text_; }

private:
  // Brackets in binary data never close: past this depth the outermost arrays are dropped.
  static constexpr std::size_t max_open_arrays = 64;

  std::optional<std::pair<std::string, std::size_t>> string_at(std::string_view bytes,
                                                               std::size_t i) {
    if (bytes[i] == '<' && bytes.substr(i, 2) != "<<")
      return hex_string_at(bytes, i);
    if (bytes[i] != '(' || i < literal_from_)
      return std::nullopt;
    auto string = literal_string_at(bytes, i);
    // A '(' that never closed is binary data: no literal string starts in the bytes it ran
    // over, as trying each '(' there again made the scan quadratic.
    if (!string)
      literal_from_ = i + max_literal_string;
    return string;
  }
  void open_array() {
    if (open_arrays_.size() == max_open_arrays)
      open_arrays_.erase(open_arrays_.begin());
    open_arrays_.emplace_back();
  }
  void add_string(std::string_view bytes) {
    std::string text = string_text(bytes);
    if (!open_arrays_.empty()) {
      open_arrays_.back().joined += text;
      ++open_arrays_.back().strings;
    }
    add_line(text);
    // Also the bytes as they are: UTF-8 written without its mark reads wrongly as PDFDocEncoding.
    if (text != bytes)
      add_line(bytes);
    if (bytes.find('\0') != std::string_view::npos)
      add_line(without_nuls(bytes));
  }
  void close_array() {
    if (open_arrays_.back().strings > 1)
      add_line(open_arrays_.back().joined);
    open_arrays_.pop_back();
  }
  void add_line(std::string_view line) {
    text_.append(line);
    text_.push_back('\n');
  }

  struct OpenArray {
    std::string joined;
    std::size_t strings = 0;
  };
  std::vector<OpenArray> open_arrays_;
  std::size_t literal_from_ = 0;
  std::string text_;
};

// The terms without their digits forms, for bytes that are not text: a line of a content
// stream or of binary data holds so many digits that any six or eight of them turn up by chance
// ("1 0 0 1 72 700 cm"). Strings, which hold what a reader sees, keep the digits forms.
std::vector<Term> without_digits_forms(const std::vector<Term> &terms) {
  std::vector<Term> out = terms;
  for (auto &term : out)
    term.digits.clear();
  return out;
}

struct SearchTerms {
  explicit SearchTerms(const std::vector<Term> &terms)
      : all(terms), tokens_only(without_digits_forms(terms)) {}
  const std::vector<Term> &all;
  std::vector<Term> tokens_only;
};

// The runs of UTF-16 text in the bytes (a NUL before or after each character), one line each,
// read both big- and little-endian: "\xFE\xFF\0T\0a" read little-endian from the wrong byte
// glues the mark to the word. Only the runs: binary data holds NULs everywhere, and the whole
// of it with NULs removed would cost another full scan.
std::string utf16_runs(std::string_view bytes) {
  std::string lines;
  for (bool big_endian : {true, false}) {
    auto is_unit = [&](std::size_t k) {
      return k + 1 < bytes.size() && (bytes[k] == '\0') == big_endian &&
             (bytes[k + 1] == '\0') != big_endian;
    };
    for (std::size_t i = 0; i + 1 < bytes.size();) {
      std::size_t end = i;
      while (is_unit(end))
        end += 2;
      if (end - i < 4) {
        ++i;
        continue;
      }
      lines += from_utf16(bytes.substr(i, end - i), big_endian);
      lines.push_back('\n');
      i = end;
    }
  }
  return lines;
}

// Bytes searched as text in each form check_raw_bytes documents, one index at a time so a
// large file is not held twice over.
void match_byte_forms(Findings &findings, std::string_view bytes, const SearchTerms &terms) {
  findings.match(TextIndex(bytes), terms.tokens_only, 0, false);
  findings.match(TextIndex(utf16_runs(bytes)), terms.tokens_only, 0, false);
  findings.match(TextIndex(StringLines(bytes).text()), terms.all, 0, false);
}

// ---------------------------------------------------------------------------------------------
// MuPDF text

// All characters of a page, lines ended by newlines.
std::string mupdf_page_text(fz_context *ctx, fz_page *page) {
  fz_stext_page *text = nullptr;
  std::string out;
  bool ok = false;
  fz_var(text);
  fz_var(ok);
  fz_try(ctx) {
    // No FZ_STEXT_MEDIABOX_CLIP: text placed off the page is still in the file.
    fz_stext_options options{};
    options.flags = FZ_STEXT_PRESERVE_WHITESPACE | FZ_STEXT_PRESERVE_LIGATURES;
    text = fz_new_stext_page_from_page(ctx, page, &options);
    ok = true;
  }
  fz_catch(ctx) { ok = false; }
  if (!ok)
    throw Error(Reason::pdf_corrupt, "MuPDF cannot read the text of a page");
  for (fz_stext_block *block = text->first_block; block; block = block->next) {
    if (block->type != FZ_STEXT_BLOCK_TEXT)
      continue;
    for (fz_stext_line *line = block->u.t.first_line; line; line = line->next) {
      for (fz_stext_char *ch = line->first_char; ch; ch = ch->next)
        append_utf8(out, ch->c > 0 ? static_cast<char32_t>(ch->c) : 0xFFFD);
      out.push_back('\n');
    }
  }
  fz_drop_stext_page(ctx, text);
  return out;
}

// ---------------------------------------------------------------------------------------------
// pdftotext in a child process

class UniqueFd {
public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd &&other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd &operator=(UniqueFd &&other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  int get() const noexcept { return fd_; }
  void reset() noexcept {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = -1;
  }

private:
  int fd_ = -1;
};

[[noreturn]] void pdftotext_failed(StaticText detail) {
  throw Error(Reason::leak_check_failed, detail);
}

// The PDF in an anonymous memory file, sealed so the child cannot change what the gate judged.
UniqueFd sealed_memory_file(ByteView pdf) {
  UniqueFd fd(::memfd_create("mi-leak-gate", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (fd.get() < 0)
    pdftotext_failed("cannot create a memory file for pdftotext");
  std::size_t done = 0;
  while (done < pdf.size()) {
    ssize_t n = ::write(fd.get(), pdf.data() + done, pdf.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      pdftotext_failed("cannot write the memory file for pdftotext");
    done += static_cast<std::size_t>(n);
  }
  if (::fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
    pdftotext_failed("cannot seal the memory file for pdftotext");
  return fd;
}

class SpawnActions {
public:
  SpawnActions() { posix_spawn_file_actions_init(&actions_); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions_); }
  SpawnActions(const SpawnActions &) = delete;
  SpawnActions &operator=(const SpawnActions &) = delete;
  posix_spawn_file_actions_t *get() { return &actions_; }

private:
  posix_spawn_file_actions_t actions_;
};

constexpr std::chrono::seconds pdftotext_time_limit{60};
constexpr std::size_t pdftotext_max_output = 512u << 20;

// Reads the child's stdout to its end within the time limit; false on timeout.
bool read_until_end(int fd, std::string &out, std::chrono::steady_clock::time_point deadline) {
  char buffer[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return false;
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready < 0)
      pdftotext_failed("cannot wait for pdftotext output");
    if (ready == 0)
      return false;
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      pdftotext_failed("cannot read pdftotext output");
    if (n == 0)
      return true;
    out.append(buffer, static_cast<std::size_t>(n));
    if (out.size() > pdftotext_max_output)
      return false;
  }
}

int wait_for(pid_t child) {
  int status = 0;
  while (::waitpid(child, &status, 0) < 0)
    if (errno != EINTR)
      pdftotext_failed("cannot wait for pdftotext");
  return status;
}

// pdftotext's UTF-8 text of the whole document, pages ended by form feeds; nullopt when poppler
// cannot read this document (its exit status 1) or loops on it past the time limit: that
// document is withheld, the batch goes on. A program that cannot start, or dies otherwise,
// throws: no document could pass.
std::optional<std::string> run_pdftotext(ByteView pdf, const char *program) {
  UniqueFd memory = sealed_memory_file(pdf);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    pdftotext_failed("cannot create a pipe for pdftotext");
  UniqueFd read_end(pipe_fds[0]), write_end(pipe_fds[1]);

  // In the child the memory file gets a number of its own, clear of 0-2: dup2 to a different
  // number is what drops close-on-exec.
  int child_fd = std::max({3, memory.get(), write_end.get()}) + 1;
  std::string path = "/dev/fd/" + std::to_string(child_fd);
  SpawnActions actions;
  posix_spawn_file_actions_adddup2(actions.get(), write_end.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), memory.get(), child_fd);
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // poppler's messages can quote the document: they go nowhere.
  posix_spawn_file_actions_addopen(actions.get(), STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::string program_name = program;
  std::vector<std::string> args = {program_name, "-q", "-enc", "UTF-8", path, "-"};
  std::vector<char *> argv;
  for (auto &a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t child = -1;
  if (::posix_spawn(&child, program, actions.get(), nullptr, argv.data(), environ) != 0)
    pdftotext_failed("cannot start pdftotext");
  write_end.reset();

  std::string out;
  bool finished =
      read_until_end(read_end.get(), out, std::chrono::steady_clock::now() + pdftotext_time_limit);
  if (!finished)
    ::kill(child, SIGKILL);
  int status = wait_for(child);
  if (!finished)
    return std::nullopt;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
    return std::nullopt;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    pdftotext_failed("pdftotext failed");
  return out;
}

// ---------------------------------------------------------------------------------------------
// qpdf

void open_with_qpdf(QPDF &pdf, ByteView bytes) {
  pdf.setSuppressWarnings(true);
  pdf.setAttemptRecovery(true);
  pdf.processMemoryFile("redacted", reinterpret_cast<const char *>(bytes.data()), bytes.size());
}

// Strings of one object and of the direct objects inside it; references are other objects,
// visited on their own.
void add_strings(QPDFObjectHandle object, std::string &lines) {
  if (object.isString()) {
    // The value, and the bytes as they are when they differ: qpdf reads a string without a
    // byte order mark as PDFDocEncoding, which garbles UTF-8 written without its mark.
    std::string value = object.getUTF8Value(), bytes = object.getStringValue();
    lines += value + '\n';
    if (bytes != value)
      lines += bytes + '\n';
  } else if (object.isArray()) {
    for (auto item : object.aitems())
      if (!item.isIndirect())
        add_strings(item, lines);
  } else if (object.isDictionary()) {
    for (auto item : object.ditems())
      if (!item.second.isIndirect())
        add_strings(item.second, lines);
  } else if (object.isStream()) {
    add_strings(object.getDict(), lines);
  }
}

bool is_image(QPDFObjectHandle stream) {
  auto subtype = stream.getDict().getKey("/Subtype");
  return subtype.isName() && subtype.getName() == "/Image";
}

// Collects decoded stream data up to a limit, then stops qpdf.
class BoundedText final : public Pipeline {
public:
  BoundedText(std::string &out, std::size_t limit)
      : Pipeline("mi-leak-gate", nullptr), out_(out), limit_(limit) {}
  void write(unsigned char const *data, size_t length) override {
    if (out_.size() + length > limit_) {
      exceeded_ = true;
      throw std::length_error("decoded stream above the leak gate's limit");
    }
    out_.append(reinterpret_cast<const char *>(data), length);
  }
  void finish() override {}
  bool exceeded() const { return exceeded_; }

private:
  std::string &out_;
  std::size_t limit_;
  bool exceeded_ = false;
};

// Pipes a stream's data at one decode level into `out`; false when it failed or was cut off.
bool pipe_stream(QPDFObjectHandle stream, qpdf_stream_decode_level_e level, std::size_t limit,
                 std::string &out, bool &too_large) {
  BoundedText sink(out, limit);
  bool ok = false;
  try {
    ok = stream.pipeStreamData(&sink, nullptr, 0, level, true, level != qpdf_dl_none);
  } catch (const std::exception &) {
    ok = false;
  }
  too_large = too_large || sink.exceeded();
  return ok && !sink.exceeded();
}

// A stream's data with every lossless filter undone; lossy image filters are left alone (they
// decode to pixels). When decoding fails, what was decoded and then the raw data. Nullopt when
// the data is too large to inspect.
std::optional<std::string> stream_text(QPDFObjectHandle stream, std::size_t limit) {
  std::string out;
  bool too_large = false;
  if (!pipe_stream(stream, qpdf_dl_specialized, limit, out, too_large) && !too_large) {
    out.push_back('\n');
    pipe_stream(stream, qpdf_dl_none, limit, out, too_large);
  }
  if (too_large)
    return std::nullopt;
  return out;
}

void match_object(Findings &findings, QPDFObjectHandle object, const SearchTerms &terms,
                  std::size_t max_stream_bytes) {
  std::string lines;
  add_strings(object, lines);
  findings.match(TextIndex(lines), terms.all, 0, false);
  if (!object.isStream() || is_image(object))
    return;
  if (auto text = stream_text(object, max_stream_bytes))
    match_byte_forms(findings, *text, terms);
  else
    findings.add(stream_too_large, 0);
}

bool is_regular(char c) { return !is_pdf_space(c) && std::strchr("()<>[]{}/%", c) == nullptr; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct RawObject {
  int number = 0, generation = 0;
  std::size_t start = 0; // offset of the object number
  std::size_t body = 0;  // offset just after "obj"
};

// Reads the digits that end just before `end` (after skipping white space backwards); the
// position where they start, or nullopt.
std::optional<std::pair<long long, std::size_t>> number_before(std::string_view bytes,
                                                               std::size_t end, bool need_space) {
  std::size_t k = end;
  while (k > 0 && is_pdf_space(bytes[k - 1]))
    --k;
  if (need_space && k == end)
    return std::nullopt;
  std::size_t digits_end = k;
  while (k > 0 && is_digit(bytes[k - 1]) && digits_end - k < 10)
    --k;
  if (k == digits_end || (k > 0 && is_regular(bytes[k - 1])))
    return std::nullopt;
  return std::pair{std::stoll(std::string(bytes.substr(k, digits_end - k))), k};
}

// Every "N G obj" header in the bytes, wherever it is: the cross-reference table may not point
// to it.
std::vector<RawObject> raw_object_headers(std::string_view bytes) {
  std::vector<RawObject> found;
  for (std::size_t at = bytes.find("obj"); at != std::string_view::npos;
       at = bytes.find("obj", at + 3)) {
    std::size_t after = at + 3;
    if (after < bytes.size() && is_regular(bytes[after]))
      continue;
    auto generation = number_before(bytes, at, true);
    if (!generation)
      continue;
    auto number = number_before(bytes, generation->second, true);
    if (!number || number->first <= 0 || number->first > 0x7FFFFFFF || generation->first > 65535)
      continue;
    found.push_back({static_cast<int>(number->first), static_cast<int>(generation->first),
                     number->second, after});
  }
  return found;
}

// Where the data of a stream whose dictionary ends at `at` begins, if the keyword follows.
std::optional<std::size_t> stream_data_start(std::string_view bytes, std::size_t at) {
  while (at < bytes.size() && is_pdf_space(bytes[at]))
    ++at;
  if (bytes.substr(at, 6) != "stream")
    return std::nullopt;
  at += 6;
  if (at < bytes.size() && bytes[at] == '\r')
    ++at;
  if (at < bytes.size() && bytes[at] == '\n')
    ++at;
  return at;
}

// The stream data from `start`: /Length bytes when a direct /Length lands on "endstream",
// otherwise up to the next "endstream" (its end-of-line marker removed).
std::string_view raw_stream_data(std::string_view bytes, std::size_t start, QPDFObjectHandle dict) {
  auto length = dict.getKey("/Length");
  if (length.isInteger() && !length.isIndirect() && length.getIntValue() >= 0 &&
      static_cast<unsigned long long>(length.getIntValue()) <= bytes.size() - start) {
    auto end = start + static_cast<std::size_t>(length.getIntValue());
    std::size_t k = end;
    while (k < bytes.size() && is_pdf_space(bytes[k]))
      ++k;
    if (bytes.substr(k, 9) == "endstream")
      return bytes.substr(start, end - start);
  }
  std::size_t end = bytes.find("endstream", start);
  if (end == std::string_view::npos)
    end = bytes.size();
  if (end > start && bytes[end - 1] == '\n')
    --end;
  if (end > start && bytes[end - 1] == '\r')
    --end;
  return bytes.substr(start, end - start);
}

// Parses the object whose body starts at `body` in the context of `pdf` (so its references
// resolve), its stream data attached as a new stream when it has some.
QPDFObjectHandle parse_raw_object(QPDF &pdf, std::shared_ptr<InputSource> input,
                                  std::string_view bytes, std::size_t body) {
  input->seek(static_cast<qpdf_offset_t>(body), SEEK_SET);
  QPDFTokenizer tokenizer;
  bool empty = false;
  auto object = QPDFObjectHandle::parse(input, "raw object", tokenizer, empty, nullptr, &pdf);
  if (empty || !object.isDictionary())
    return object;
  auto data_start = stream_data_start(bytes, static_cast<std::size_t>(input->tell()));
  if (!data_start)
    return object;
  std::string_view data = raw_stream_data(bytes, *data_start, object);
  auto dict = object.shallowCopy();
  dict.replaceKey("/Length", QPDFObjectHandle::newInteger(static_cast<long long>(data.size())));
  auto stream = pdf.newStream(std::string(data));
  stream.replaceDict(dict);
  return stream;
}

// Objects whose bytes the cross-reference table does not point to: orphans, objects of a
// revision an incremental update superseded, and objects with a stale table entry.
void match_unlisted_objects(Findings &findings, QPDF &pdf, ByteView bytes, const SearchTerms &terms,
                            std::size_t max_stream_bytes) {
  std::set<std::tuple<int, int, long long>> listed;
  for (const auto &[id, entry] : pdf.getXRefTable())
    if (entry.getType() == 1)
      listed.insert({id.getObj(), id.getGen(), static_cast<long long>(entry.getOffset())});
  std::string_view text = as_text(bytes);
  Buffer buffer(const_cast<unsigned char *>(bytes.data()), bytes.size());
  auto input = std::make_shared<BufferInputSource>("raw", &buffer);
  for (const auto &raw : raw_object_headers(text)) {
    if (listed.count({raw.number, raw.generation, static_cast<long long>(raw.start)}))
      continue;
    try {
      match_object(findings, parse_raw_object(pdf, input, text, raw.body), terms, max_stream_bytes);
    } catch (const std::exception &) {
      // Not an object after all ("obj" in binary data): the raw bytes check covers those bytes.
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Page text: OCR, and both page-by-page checks

std::string ocr_page_text(pdf::MupdfContext &context, ocr::TesseractEngine &engine,
                          const pdf::MupdfDocument &document, int page_index, int dpi) {
  auto rendered = ocr::render_page(context, document, page_index, dpi);
  auto page = ocr::ocr_rendered_page(engine, rendered, ocr::PageOcrOptions{});
  std::string text;
  int line = -1;
  for (const auto &word : page.words) {
    if (line >= 0)
      text.push_back(word.line == line ? ' ' : '\n');
    text += word.text;
    line = word.line;
  }
  return text;
}

// The text page_text gives for each page, matched page by page; a document or a page MuPDF
// cannot read is a finding.
template <class PageText>
std::vector<LeakFinding> match_pages(const char *check, pdf::MupdfContext &context, ByteView pdf,
                                     const std::vector<Term> &terms, bool fuzzy,
                                     PageText page_text) {
  Findings findings(check);
  std::optional<pdf::MupdfDocument> document;
  int pages = 0;
  try {
    document.emplace(context, pdf);
    pages = document->page_count();
  } catch (const Error &) {
    findings.add(unreadable, 0);
    return findings.take();
  }
  for (int i = 0; i < pages; ++i) {
    std::string text;
    try {
      text = page_text(*document, i);
    } catch (const Error &) {
      findings.add(unreadable, i + 1);
      continue;
    }
    findings.match(TextIndex(text), terms, i + 1, fuzzy);
  }
  return findings.take();
}

// ---------------------------------------------------------------------------------------------
// Structure

std::size_t count_of(std::string_view text, std::string_view what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

// Keys that carry content the redactor never writes, or behaviour a released file must not have.
constexpr const char *forbidden_keys[] = {
    "/Metadata", "/EmbeddedFiles", "/EF", "/AcroForm", "/JavaScript", "/JS", "/OpenAction", "/AA"};

void flag_forbidden_keys(Findings &findings, QPDFObjectHandle object) {
  if (object.isStream()) {
    flag_forbidden_keys(findings, object.getDict());
  } else if (object.isArray()) {
    for (auto item : object.aitems())
      if (!item.isIndirect())
        flag_forbidden_keys(findings, item);
  } else if (object.isDictionary()) {
    for (const char *key : forbidden_keys)
      if (object.hasKey(key))
        findings.add(key + 1, 0);
    for (auto item : object.ditems())
      if (!item.second.isIndirect())
        flag_forbidden_keys(findings, item.second);
  }
}

} // namespace

std::vector<LeakFinding> check_mupdf_text(pdf::MupdfContext &context, ByteView pdf,
                                          const std::vector<Term> &terms) {
  return match_pages("mupdf_text", context, pdf, terms, false,
                     [&](const pdf::MupdfDocument &document, int page_index) {
                       ocr::LoadedPage page(context, document, page_index);
                       return mupdf_page_text(context.get(), page.get());
                     });
}

std::vector<LeakFinding> check_pdftotext(ByteView pdf, const std::vector<Term> &terms,
                                         const char *program) {
  Findings findings("pdftotext");
  auto read = run_pdftotext(pdf, program);
  if (!read) {
    findings.add(unreadable, 0);
    return findings.take();
  }
  const std::string &text = *read;
  std::size_t start = 0;
  for (int page = 1; start < text.size(); ++page) {
    std::size_t end = text.find('\f', start);
    if (end == std::string::npos)
      end = text.size();
    findings.match(TextIndex(std::string_view(text).substr(start, end - start)), terms, page,
                   false);
    start = end + 1;
  }
  return findings.take();
}

std::vector<LeakFinding> check_raw_bytes(ByteView pdf, const std::vector<Term> &terms) {
  Findings findings("raw_bytes");
  match_byte_forms(findings, as_text(pdf), SearchTerms(terms));
  return findings.take();
}

std::vector<LeakFinding> check_objects(ByteView pdf, const std::vector<Term> &terms,
                                       std::size_t max_stream_bytes) {
  Findings findings("objects");
  try {
    SearchTerms search(terms);
    QPDF document;
    open_with_qpdf(document, pdf);
    match_object(findings, document.getTrailer(), search, max_stream_bytes);
    for (auto &object : document.getAllObjects())
      match_object(findings, object, search, max_stream_bytes);
    match_unlisted_objects(findings, document, pdf, search, max_stream_bytes);
  } catch (const std::exception &) {
    findings.add(unreadable, 0);
  }
  return findings.take();
}

std::vector<LeakFinding> check_ocr(pdf::MupdfContext &context, ocr::TesseractEngine &engine,
                                   ByteView pdf, const std::vector<Term> &terms, int dpi) {
  return match_pages("ocr", context, pdf, terms, true,
                     [&](const pdf::MupdfDocument &document, int page_index) {
                       return ocr_page_text(context, engine, document, page_index, dpi);
                     });
}

std::vector<LeakFinding> check_structure(ByteView pdf) {
  Findings findings("structure");
  try {
    QPDF document;
    open_with_qpdf(document, pdf);
    auto trailer = document.getTrailer();
    if (trailer.hasKey("/Info"))
      findings.add("Info", 0);
    if (trailer.hasKey("/Prev"))
      findings.add("Prev", 0);
    flag_forbidden_keys(findings, trailer);
    for (auto &object : document.getAllObjects())
      flag_forbidden_keys(findings, object);
  } catch (const std::exception &) {
    findings.add(unreadable, 0);
  }
  if (count_of(as_text(pdf), "%%EOF") != 1)
    findings.add("eof_count", 0);
  return findings.take();
}

GateResult run_leak_gate(pdf::MupdfContext &context, ocr::TesseractEngine *engine, ByteView pdf,
                         const std::vector<Term> &terms, const GateOptions &options) {
  if (options.ocr && !engine)
    throw Error(Reason::leak_check_failed, "the OCR check needs a Tesseract engine");
  GateResult result;
  auto append = [&](std::vector<LeakFinding> findings) {
    for (auto &f : findings)
      result.findings.push_back(std::move(f));
  };
  append(check_structure(pdf));
  append(check_raw_bytes(pdf, terms));
  append(check_objects(pdf, terms));
  append(check_mupdf_text(context, pdf, terms));
  append(check_pdftotext(pdf, terms));
  if (options.ocr)
    append(check_ocr(context, *engine, pdf, terms, options.ocr_dpi));
  return result;
}

} // namespace mi::redact
