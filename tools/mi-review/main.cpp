// mi-review: the human review queue: list, show, resolve, history. See mi-review(1).
#include "extract/review_actions.hpp"

#include "core/cli.hpp"
#include "core/log.hpp"

#include <cstdlib>
#include <iostream>

int main(int argc, char **argv) {
  using namespace mi;
  using namespace mi::extract;
  Log::init("mi-review");
  CLI::App app{"Review the documents mi-extract could not accept: list them (no PHI), show one "
               "to a reviewer holding the phi key, resolve it (accept or correct fields: a new "
               "version that supersedes the old), or read its history. Every action audited.",
               "mi-review"};
  app.set_version_flag("--version", cli::version_text("mi-review"));
  app.footer("Examples:\n  mi-review list\n  mi-review show doc_... --reviewer qa@clinic\n"
             "  mi-review resolve doc_... --set provider_npi=1234567893 --accept-all "
             "--reviewer qa@clinic | mi-redact\n");
  app.require_subcommand(1);
  cli::CommonOptions common;
  cli::add_home_options(app, common, true, true);
  std::optional<std::filesystem::path> queue_dir, image_dir, rejects_path;
  ResolveArguments args;
  bool json = false;
  ShowOptions show_options;
  app.add_option("--review-dir", queue_dir, "review queue directory (default: <mi home>/review)")
      ->type_name("DIR");
  auto *list = app.add_subcommand("list", "documents waiting: ids, type, pages, reason codes, "
                                          "fields needing review, age (no PHI; ops key only)");
  auto *show = app.add_subcommand("show", "a document's fields and the words around each "
                                          "(PHI: needs the phi key; audited)");
  auto *resolve = app.add_subcommand("resolve", "accept or correct fields, or reject the "
                                                "document; prints the new version on stdout");
  auto *history = app.add_subcommand("history", "the versions of a document in the queue (ops)");
  for (auto *sub : {list, show, history})
    sub->add_flag("--json", json, "JSON (one object per line) instead of text");
  for (auto *sub : {show, resolve, history})
    sub->add_option("doc", args.document, "document id (doc_...)")->required();
  for (auto *sub : {show, resolve})
    sub->add_option("--reviewer", args.reviewer,
                    "the reviewer's operator id (default $MI_REVIEWER; required to resolve)")
        ->type_name("ID");
  show->add_option("--context", show_options.context_points,
                   "points around a field's box whose words are shown (default 36)")
      ->type_name("N")
      ->check(CLI::Range(0.0, 1000.0));
  show->add_option("--image", image_dir,
                   "write a PNG of the page region around each field to DIR (cleartext PHI)")
      ->type_name("DIR");
  resolve
      ->add_option("--accept", args.accept,
                   "confirm FIELD as read (clears below_confidence "
                   "and the like; never a gate)")
      ->type_name("FIELD")
      ->allow_extra_args(false);
  resolve->add_flag("--accept-all", args.accept_all, "confirm every field needing review");
  resolve
      ->add_option("--set", args.set,
                   "correct FIELD to VALUE, validated by the policy's "
                   "gates (VALUE - reads a line of stdin)")
      ->type_name("FIELD=VALUE")
      ->allow_extra_args(false);
  resolve->add_option("--reject", args.reject, "close the document without a new version")
      ->type_name("REASON_CODE");
  resolve->add_option("--rejects", rejects_path, "append the reject record to FILE")
      ->type_name("FILE");
  resolve
      ->add_option("--today", args.today,
                   "the date validation treats as today, YYYY-MM-DD (default: the UTC date)")
      ->type_name("DATE");

  return cli::run_tool(app, argc, argv, [&]() -> int {
    Log::set_quiet(common.quiet);
    if (const char *env = std::getenv("MI_REVIEWER"); env && args.reviewer.empty())
      args.reviewer = env;
    std::optional<ResolveRequest> request;
    if (*resolve)
      request = resolve_request(args, 0); // every argument checked before anything is opened
    // Not a StageRuntime: listing needs only the ops key (no ids key, so no vault).
    auto policy = Policy::from_option(common.policy);
    auto paths = resolve_home(common.home);
    auto keys = cli::load_keyring(paths);
    AuditLog audit(paths.audit_log, Log::tool(), keys);
    audit.set_policy_version(policy.version());
    LineWriter output(stdout);
    ReviewQueue queue(queue_dir.value_or(paths.root / "review"));
    if (*list) {
      auto result = list_queue(queue, keys, now());
      audit.record(
          "review.list", AuditOutcome::ok, Reason::ok,
          {Field("documents", result.documents.size()), Field("unreadable", result.unreadable)});
      for (const auto &l : result.documents)
        if (json)
          output.write_line(to_json_text(listing_to_json(l)));
      if (!json && !result.documents.empty())
        std::cout << format_listing_table(result.documents) << std::flush;
      if (result.documents.empty() && result.unreadable == 0)
        Log::info("the review queue is empty");
      return result.unreadable ? exit_status::data : exit_status::ok;
    }
    if (*history) {
      auto versions = document_history(queue, parse_document_id(args.document), keys);
      std::cout << (json ? to_json_text(versions) + "\n" : format_history_table(versions));
      return exit_status::ok;
    }
    if (*show) {
      std::optional<UserId> reviewer;
      if (!args.reviewer.empty())
        reviewer = parse_reviewer(args.reviewer);
      show_options.image_dir = image_dir;
      std::optional<DirectoryObjectStore> store;
      std::optional<Vault> vault;
      if (image_dir)
        vault.emplace(store.emplace(paths.vault), keys);
      auto view = show_document(queue, parse_document_id(args.document), keys, audit, reviewer,
                                show_options, vault ? &*vault : nullptr);
      std::cout << (json ? to_json_text(view) + "\n" : format_document_view(view));
      return exit_status::ok;
    }
    auto rules = extract_rules_from_policy(policy);
    RejectWriter rejects(rejects_path, &audit);
    auto outcome = resolve_document({keys, audit, queue, rules, &rejects}, *request);
    if (outcome.revision)
      output.write_line(outcome.revision->serialize());
    Log::info(outcome.revision ? StaticText("resolved") : StaticText("rejected"),
              {Field("doc", request->document), Field("accepted", outcome.status == "accepted"),
               Field("corrected", outcome.corrected), Field("confirmed", outcome.confirmed),
               Field("fields_needing_review", outcome.still_needing_review)});
    return exit_status::ok;
  });
}
