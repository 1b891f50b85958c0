// break / continue / return as flags; see EarlyExits.h.
#include "EarlyExits.h"

#include <algorithm>
#include <set>

namespace runmat::frontend {

namespace {

ExprPtr node(ExprKind kind, const SourceLoc &loc, std::string text = "") {
  auto e = std::make_unique<Expr>(kind, loc);
  e->text = std::move(text);
  return e;
}

ExprPtr withArgs(ExprPtr e, ExprPtr a, ExprPtr b = nullptr) {
  e->args.push_back(std::move(a));
  if (b) e->args.push_back(std::move(b));
  for (const ExprPtr &x : e->args) e->height = std::max(e->height, x->height + 1);
  return e;
}

ExprPtr number(double v, const SourceLoc &loc) {
  ExprPtr e = node(ExprKind::Number, loc);
  e->number = v;
  return e;
}

// ~(f1 || f2 || ...): true while none of the flags is set.
ExprPtr noneSet(const std::set<std::string> &flags, const SourceLoc &loc) {
  ExprPtr any;
  for (const std::string &f : flags)
    any = any ? withArgs(node(ExprKind::Binary, loc, "||"), std::move(any), node(ExprKind::Ident, loc, f))
              : node(ExprKind::Ident, loc, f);
  return withArgs(node(ExprKind::Unary, loc, "~"), std::move(any));
}

StmtPtr assignNumber(const std::string &name, double v, const SourceLoc &loc) {
  auto s = std::make_unique<Stmt>(StmtKind::Assign, loc);
  Target t;
  t.name = name;
  t.loc = loc;
  s->targets.push_back(std::move(t));
  s->expr = number(v, loc);
  return s;
}

StmtPtr guarded(ExprPtr cond, Block body, const SourceLoc &loc) {
  auto s = std::make_unique<Stmt>(StmtKind::If, loc);
  IfClause c;
  c.cond = std::move(cond);
  c.body = std::move(body);
  c.loc = loc;
  s->clauses.push_back(std::move(c));
  return s;
}

class Lowering {
public:
  // One function body or script: returns whether it used `return`.
  void body(Block &b) {
    usedReturn_ = false;
    std::set<std::string> flags = block(b);
    (void)flags;
    if (usedReturn_) b.insert(b.begin(), assignNumber(kReturnFlag, 0, b.empty() ? SourceLoc{} : b.front()->loc));
  }

private:
  static constexpr const char *kReturnFlag = ".ret";
  struct Loop {
    std::string brk, cont;
    bool breaks = false, continues = false;
  };

  // Rewrites `b`; returns the flags that statements after it must test.
  std::set<std::string> block(Block &b) {
    Block out;
    std::set<std::string> flags;
    for (size_t i = 0; i < b.size(); ++i) {
      Stmt &s = *b[i];
      if (s.kind == StmtKind::Break || s.kind == StmtKind::Continue) {
        if (loops_.empty())
          throw CompileError(s.loc, std::string("'") + (s.kind == StmtKind::Break ? "break" : "continue") +
                                        "' outside a loop");
        Loop &l = loops_.back();
        bool isBreak = s.kind == StmtKind::Break;
        (isBreak ? l.breaks : l.continues) = true;
        const std::string &flag = isBreak ? l.brk : l.cont;
        out.push_back(assignNumber(flag, 1, s.loc));
        flags.insert(flag);
        break; // the rest of the block is unreachable
      }
      if (s.kind == StmtKind::Return) {
        usedReturn_ = true;
        out.push_back(assignNumber(kReturnFlag, 1, s.loc));
        flags.insert(kReturnFlag);
        break;
      }
      Block before;
      std::set<std::string> set = statement(s, before);
      for (StmtPtr &p : before) out.push_back(std::move(p));
      out.push_back(std::move(b[i]));
      if (set.empty()) continue;
      flags.insert(set.begin(), set.end());
      if (i + 1 == b.size()) break;
      // The rest runs only while no flag this statement may set is set.
      Block rest;
      for (size_t k = i + 1; k < b.size(); ++k) rest.push_back(std::move(b[k]));
      SourceLoc at = rest.front()->loc;
      std::set<std::string> more = block(rest);
      flags.insert(more.begin(), more.end());
      out.push_back(guarded(noneSet(set, at), std::move(rest), at));
      break;
    }
    b = std::move(out);
    return flags;
  }

  // Rewrites the blocks inside `s`; statements it needs before it go to
  // `before`. Returns the flags it may set that concern what follows.
  std::set<std::string> statement(Stmt &s, Block &before) {
    std::set<std::string> flags;
    if (s.kind == StmtKind::If) {
      for (IfClause &c : s.clauses) {
        std::set<std::string> f = block(c.body);
        flags.insert(f.begin(), f.end());
      }
      std::set<std::string> f = block(s.elseBody);
      flags.insert(f.begin(), f.end());
      return flags;
    }
    if (s.kind != StmtKind::For && s.kind != StmtKind::While) return flags;
    int n = ++loopCount_;
    loops_.push_back(Loop{".brk" + std::to_string(n), ".cont" + std::to_string(n)});
    std::set<std::string> inner = block(s.body);
    Loop l = loops_.back();
    loops_.pop_back();
    inner.erase(l.brk);
    inner.erase(l.cont);
    // What stops the loop: its breaks, and a return inside it.
    std::set<std::string> stop = inner;
    if (l.breaks) stop.insert(l.brk);
    if (l.continues) s.body.insert(s.body.begin(), assignNumber(l.cont, 0, s.loc));
    if (l.breaks) before.push_back(assignNumber(l.brk, 0, s.loc));
    if (!stop.empty()) {
      if (s.kind == StmtKind::While) {
        s.expr = withArgs(node(ExprKind::Binary, s.loc, "&&"), noneSet(stop, s.loc), std::move(s.expr));
      } else {
        // for v = r: the hidden variable walks r; v is assigned while running.
        std::string hidden = ".for" + std::to_string(n);
        auto set = std::make_unique<Stmt>(StmtKind::Assign, s.loc);
        Target t;
        t.name = s.name;
        t.loc = s.loc;
        set->targets.push_back(std::move(t));
        set->expr = node(ExprKind::Ident, s.loc, hidden);
        s.name = hidden;
        Block body;
        body.push_back(std::move(set));
        for (StmtPtr &p : s.body) body.push_back(std::move(p));
        s.body.clear();
        s.body.push_back(guarded(noneSet(stop, s.loc), std::move(body), s.loc));
      }
    }
    return inner; // a return inside stops what follows too
  }

  std::vector<Loop> loops_;
  int loopCount_ = 0;
  bool usedReturn_ = false;
};

} // namespace

void lowerEarlyExits(Program &program) {
  Lowering lowering;
  lowering.body(program.script);
  for (Function &f : program.functions) lowering.body(f.body);
}

} // namespace runmat::frontend
