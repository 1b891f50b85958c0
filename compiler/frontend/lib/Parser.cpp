#include "runmat/frontend/Parser.h"

#include "EarlyExits.h"

#include <algorithm>
#include <set>

namespace runmat::frontend {

namespace {

bool isEndKeyword(const Token &t) {
  return t.kind == Tok::Keyword && (t.text == "end" || t.text == "endif" || t.text == "endfor" ||
                                    t.text == "endwhile" || t.text == "endfunction" || t.text == "endswitch");
}

// Names that MATLAB users write in command syntax at the top of scripts.
const std::set<std::string> kCommandWords = {"clc", "clear", "close", "format", "more", "clearvars",
                                              "figure", "hold", "warning", "pkg"};

class Parser {
  // Counts the parser's own recursion (parentheses, signs, blocks) and
  // refuses past kMaxNesting, at the token that goes deeper.
  class NestingGuard {
  public:
    NestingGuard(Parser &p, const SourceLoc &loc) : p_(p) {
      if (++p_.nesting_ > kMaxNesting) {
        p_.nesting_ = 0;
        p_.fail(loc, tooDeep());
      }
    }
    ~NestingGuard() { --p_.nesting_; }

  private:
    Parser &p_;
  };
  static std::string tooDeep() {
    return "nested too deeply: more than " + std::to_string(kMaxNesting) +
           " levels of parentheses, signs or blocks (runmatc's limit)";
  }
  // A compound node's height from its operands', refused past the bound
  // (long operator chains nest without recursing in the parser).
  ExprPtr sized(ExprPtr e) {
    int h = 0;
    for (const ExprPtr &a : e->args) h = std::max(h, a->height);
    for (const auto &row : e->rows)
      for (const ExprPtr &a : row) h = std::max(h, a->height);
    e->height = h + 1;
    if (e->height > kMaxExprHeight)
      fail(e->loc, "expression too long: its operations nest more than " + std::to_string(kMaxExprHeight) +
                       " deep (runmatc's limit)");
    return e;
  }

public:
  Parser(std::vector<Token> toks, std::string file) : t_(std::move(toks)), file_(std::move(file)) {}

  Program parse() {
    Program prog;
    prog.file = file_;
    skipSeparators();
    if (cur().isKeyword("function")) {
      prog.isFunctionFile = true;
      while (!cur().is(Tok::End)) {
        if (!cur().isKeyword("function"))
          fail(cur().loc, "expected 'function' (a function file holds only functions), got " + describe(cur()));
        prog.functions.push_back(parseFunction());
        skipSeparators();
      }
      return prog;
    }
    // A script may define functions anywhere; its statements run in order
    // around them, as Octave runs a script file.
    prog.script = parseBlock();
    while (!cur().is(Tok::End)) {
      if (!cur().isKeyword("function")) fail(cur().loc, "unexpected " + describe(cur()) + " at the top level");
      while (cur().isKeyword("function")) {
        prog.functions.push_back(parseFunction());
        skipSeparators();
      }
      size_t at = p_;
      Block more = parseBlock();
      if (more.empty() && p_ == at && !cur().is(Tok::End) && !cur().isKeyword("function"))
        fail(cur().loc, "unexpected " + describe(cur()) + " at the top level");
      for (StmtPtr &st : more) prog.script.push_back(std::move(st));
    }
    return prog;
  }

private:
  // ---- tokens -------------------------------------------------------------
  const Token &cur() const { return t_[p_]; }
  const Token &ahead(size_t k) const { return t_[std::min(p_ + k, t_.size() - 1)]; }
  Token take() { return t_[p_ < t_.size() - 1 ? p_++ : p_]; }

  [[noreturn]] void fail(const SourceLoc &loc, const std::string &msg) const { throw CompileError(loc, msg); }

  static std::string describe(const Token &t) {
    switch (t.kind) {
    case Tok::Identifier: return "identifier '" + t.text + "'";
    case Tok::Keyword: return "keyword '" + t.text + "'";
    case Tok::Number: return "number " + t.text;
    case Tok::String:
    case Tok::DQString: return "string";
    case Tok::Op: return "'" + t.text + "'";
    case Tok::Newline: return "end of line";
    case Tok::Semicolon: return "';'";
    case Tok::Comma: return "','";
    case Tok::End: return "end of file";
    }
    return "token";
  }

  void expectOp(const char *op, const char *context) {
    if (!cur().isOp(op))
      fail(cur().loc, std::string("expected '") + op + "' " + context + ", got " + describe(cur()));
    take();
  }

  bool atSeparator() const {
    return cur().is(Tok::Newline) || cur().is(Tok::Semicolon) || cur().is(Tok::Comma) || cur().is(Tok::End);
  }

  void skipSeparators() {
    while (cur().is(Tok::Newline) || cur().is(Tok::Semicolon) || cur().is(Tok::Comma))
      take();
  }

  bool inMatrix() const { return !ctx_.empty() && ctx_.back(); }

  // ---- statements -----------------------------------------------------------
  Block parseBlock() {
    NestingGuard guard(*this, cur().loc);
    Block block;
    while (true) {
      skipSeparators();
      const Token &t = cur();
      if (t.is(Tok::End) || isEndKeyword(t) || t.isKeyword("else") || t.isKeyword("elseif") ||
          t.isKeyword("function") || t.isKeyword("case") || t.isKeyword("otherwise") || t.isKeyword("catch"))
        return block;
      if (t.isKeyword("switch")) {
        parseSwitch(block);
        continue;
      }
      block.push_back(parseStatement());
    }
  }

  // switch e ... case v ... case {v1, v2} ... otherwise ... end becomes
  // `.swN = e` and an if chain whose conditions are the hidden builtin
  // .case_match(.swN, v): number equality, or text equality (MATLAB's rule).
  void parseSwitch(Block &out) {
    SourceLoc start = take().loc; // switch
    std::string var = ".sw" + std::to_string(switches_++);
    auto assign = std::make_unique<Stmt>(StmtKind::Assign, start);
    Target target;
    target.name = var;
    target.loc = start;
    assign->targets.push_back(std::move(target));
    assign->expr = parseExpr();
    assign->display = false;
    auto chain = std::make_unique<Stmt>(StmtKind::If, start);
    skipSeparators();
    while (cur().isKeyword("case")) {
      IfClause c;
      c.loc = take().loc;
      std::vector<ExprPtr> values;
      if (cur().isOp("{")) {
        take();
        while (!cur().isOp("}")) {
          if (cur().is(Tok::Newline) || cur().is(Tok::End))
            fail(cur().loc, "missing '}' for the case list at line " + std::to_string(c.loc.line));
          values.push_back(parseExpr());
          if (cur().is(Tok::Comma)) take();
        }
        take();
        if (values.empty()) fail(c.loc, "a case needs a value");
      } else {
        values.push_back(parseExpr());
      }
      for (ExprPtr &v : values) {
        auto match = std::make_unique<Expr>(ExprKind::Index, v->loc);
        match->text = ".case_match";
        auto sw = std::make_unique<Expr>(ExprKind::Ident, v->loc);
        sw->text = var;
        match->args.push_back(std::move(sw));
        match->args.push_back(std::move(v));
        if (!c.cond) {
          c.cond = std::move(match);
        } else {
          auto either = std::make_unique<Expr>(ExprKind::Binary, c.loc);
          either->text = "||";
          either->args.push_back(std::move(c.cond));
          either->args.push_back(std::move(match));
          c.cond = std::move(either);
        }
      }
      c.body = parseBlock();
      chain->clauses.push_back(std::move(c));
    }
    if (cur().isKeyword("otherwise")) {
      take();
      chain->hasElse = true;
      chain->elseBody = parseBlock();
    }
    if (!isEndKeyword(cur()) && !cur().is(Tok::End) && !cur().isKeyword("case"))
      fail(cur().loc, "expected 'case', 'otherwise' or 'end' in the 'switch' at line " +
                          std::to_string(start.line) + ", got " + describe(cur()));
    expectBlockEnd("switch", start);
    if (cur().is(Tok::Semicolon) || cur().is(Tok::Comma)) take();
    out.push_back(std::move(assign));
    if (!chain->clauses.empty()) {
      out.push_back(std::move(chain));
    } else {
      for (StmtPtr &s : chain->elseBody) out.push_back(std::move(s)); // only 'otherwise'
    }
  }

  // Consumes the statement's terminator and records whether it shows output.
  void finishStatement(Stmt &s) {
    if (cur().is(Tok::Semicolon)) {
      s.display = false;
      take();
    } else if (cur().is(Tok::Comma) || cur().is(Tok::Newline)) {
      s.display = true;
      take();
    } else if (cur().is(Tok::End) || isEndKeyword(cur()) || cur().isKeyword("else") ||
               cur().isKeyword("elseif")) {
      s.display = true;
    } else {
      fail(cur().loc, "expected ';', ',' or end of line after the statement, got " + describe(cur()));
    }
  }

  void expectBlockEnd(const char *what, const SourceLoc &start) {
    if (!isEndKeyword(cur()))
      fail(cur().is(Tok::End) ? start : cur().loc,
           std::string("missing 'end' for the '") + what + "' at line " + std::to_string(start.line) +
               (cur().is(Tok::End) ? "" : ", got " + describe(cur())));
    take();
  }

  StmtPtr parseStatement() {
    const Token &t = cur();
    SourceLoc loc = t.loc;
    if (t.kind == Tok::Keyword) {
      const std::string &k = t.text;
      if (k == "if") return parseIf();
      if (k == "for" || k == "parfor") return parseFor();
      if (k == "while") return parseWhile();
      if (k == "break" || k == "continue" || k == "return") {
        take();
        auto s = std::make_unique<Stmt>(k == "break" ? StmtKind::Break
                                        : k == "continue" ? StmtKind::Continue
                                                          : StmtKind::Return,
                                        loc);
        finishStatement(*s);
        return s;
      }
      if (k == "try" || k == "global" || k == "persistent" || k == "do" ||
          k == "unwind_protect" || k == "classdef")
        fail(loc, "'" + k + "' " + (k == "global" || k == "persistent" ? "declarations" : "statements") +
                      " are not supported by runmatc");
      if (k == "arguments")
        fail(loc, "an 'arguments' block must come first in a function body");
      fail(loc, "unexpected keyword '" + k + "'");
    }
    if (t.isOp("[") && isMultiAssign())
      return parseMultiAssign();
    if (t.is(Tok::Identifier) && kCommandWords.count(t.text) && isCommandSyntax())
      return parseCommand();
    if (t.is(Tok::Identifier) && (t.text == "exit" || t.text == "quit") && !ahead(1).isOp("="))
      return parseExit();
    if (t.is(Tok::Identifier) && ahead(1).isOp("="))
      return parseAssign();
    if (t.is(Tok::Identifier) && isCompoundAssign(1))
      return parseAssign();
    if (t.is(Tok::Identifier) && ahead(1).isOp("(")) {
      // x(...) = value is an indexed assignment; anything else an expression.
      size_t save = p_;
      ExprPtr lhs = parsePostfixPrimary();
      if (cur().isOp("=") || isCompoundAssign(0)) {
        p_ = save;
        return parseAssign();
      }
      p_ = save;
    }
    if (t.is(Tok::Identifier) && ahead(1).isOp("{") && !ahead(1).spaceBefore) {
      // c{...} = value: assigning into a cell array.
      size_t save = p_;
      parsePostfixPrimary();
      bool assigns = cur().isOp("=");
      p_ = save;
      if (assigns) fail(ahead(1).loc, "cell arrays are not supported by runmatc as assignment targets (c{i} = ...); "
                                      "runmatc's cell arrays are compile-time lists of text and numbers");
    }
    if (t.is(Tok::Identifier) && ahead(1).isOp(".") )
      fail(ahead(1).loc, "struct field access ('" + t.text + ".') is not supported by runmatc");
    auto s = std::make_unique<Stmt>(StmtKind::Expression, loc);
    s->expr = parseExpr();
    if (cur().isOp("="))
      fail(cur().loc, "this expression cannot be assigned to");
    finishStatement(*s);
    return s;
  }

  // exit, quit, exit(0): the script stops there, successfully (a return
  // from the script). A status other than 0, or an exit inside a function,
  // is refused.
  StmtPtr parseExit() {
    SourceLoc loc = cur().loc;
    std::string word = take().text;
    if (functionDepth_ > 0)
      fail(loc, "'" + word + "' inside a function is not supported by runmatc (it may only end the script)");
    if (cur().isOp("(")) {
      take();
      if (!cur().isOp(")")) {
        if (!(cur().is(Tok::Number) && cur().number == 0))
          fail(cur().loc, "'" + word + "' with a status other than 0 is not supported by runmatc; use error('...') "
                          "to stop with a failure");
        take();
      }
      expectOp(")", "to close the parenthesis");
    }
    auto s = std::make_unique<Stmt>(StmtKind::Return, loc);
    finishStatement(*s);
    return s;
  }

  bool isMultiAssign() const {
    int depth = 0;
    for (size_t k = p_; k < t_.size(); ++k) {
      const Token &x = t_[k];
      if (x.isOp("[") || x.isOp("(") || x.isOp("{")) ++depth;
      else if (x.isOp("]") || x.isOp(")") || x.isOp("}")) {
        if (--depth == 0)
          return k + 1 < t_.size() && t_[k + 1].isOp("=");
      } else if (x.is(Tok::Newline) || x.is(Tok::End)) {
        return false;
      }
    }
    return false;
  }

  bool isCommandSyntax() const {
    const Token &n = ahead(1);
    if (n.is(Tok::Newline) || n.is(Tok::Semicolon) || n.is(Tok::Comma) || n.is(Tok::End))
      return true;
    return n.spaceBefore && (n.is(Tok::Identifier) || n.is(Tok::Number) || n.is(Tok::Keyword)) &&
           !ahead(2).isOp("=") && !ahead(2).isOp("(");
  }

  StmtPtr parseCommand() {
    auto s = std::make_unique<Stmt>(StmtKind::Command, cur().loc);
    s->name = take().text;
    while (!atSeparator()) {
      const Token &w = take();
      s->words.push_back(w.text);
    }
    finishStatement(*s);
    s->display = false;
    return s;
  }

  Target parseTarget() {
    Target tg;
    tg.loc = cur().loc;
    if (cur().isOp("~")) {
      take();
      tg.ignored = true;
      return tg;
    }
    if (!cur().is(Tok::Identifier))
      fail(cur().loc, "expected a variable name as assignment target, got " + describe(cur()));
    tg.name = take().text;
    if (cur().isOp("(")) {
      take();
      ctx_.push_back(false);
      tg.indexed = true;
      tg.index = parseArgs(")");
      ctx_.pop_back();
    } else if (cur().isOp(".")) {
      fail(cur().loc, "struct field assignment is not supported by runmatc");
    } else if (cur().isOp("{")) {
      fail(cur().loc, "cell arrays are not supported by runmatc");
    }
    return tg;
  }

  // Octave's `x += e`, `-=`, `*=`, `/=`: the operator token, then '='
  // written right after it, at token offset k.
  bool isCompoundAssign(size_t k) const {
    const Token &op = ahead(k), &eq = ahead(k + 1);
    return (op.isOp("+") || op.isOp("-") || op.isOp("*") || op.isOp("/")) && eq.isOp("=") && !eq.spaceBefore;
  }

  StmtPtr parseAssign() {
    auto s = std::make_unique<Stmt>(StmtKind::Assign, cur().loc);
    size_t start = p_;
    s->targets.push_back(parseTarget());
    if (isCompoundAssign(0)) {
      // x op= e is x = x op (e): the target read back as an expression.
      size_t after = p_;
      p_ = start;
      ExprPtr current = parsePostfixPrimary();
      p_ = after;
      const Token &op = take();
      take(); // =
      auto e = std::make_unique<Expr>(ExprKind::Binary, op.loc);
      e->text = op.text;
      e->args.push_back(std::move(current));
      e->args.push_back(parseExpr());
      s->expr = sized(std::move(e));
    } else {
      expectOp("=", "in the assignment");
      s->expr = parseExpr();
    }
    finishStatement(*s);
    return s;
  }

  StmtPtr parseMultiAssign() {
    auto s = std::make_unique<Stmt>(StmtKind::MultiAssign, cur().loc);
    take(); // [
    ctx_.push_back(false);
    while (!cur().isOp("]")) {
      s->targets.push_back(parseTarget());
      if (cur().is(Tok::Comma))
        take();
      else if (!cur().isOp("]") && !cur().spaceBefore)
        fail(cur().loc, "expected ',' or ']' in the list of assignment targets, got " + describe(cur()));
    }
    ctx_.pop_back();
    take(); // ]
    expectOp("=", "after the list of assignment targets");
    s->expr = parseExpr();
    if (s->expr->kind != ExprKind::Index && s->expr->kind != ExprKind::Ident)
      fail(s->expr->loc, "a multiple assignment needs a function call on the right-hand side");
    finishStatement(*s);
    return s;
  }

  StmtPtr parseIf() {
    auto s = std::make_unique<Stmt>(StmtKind::If, cur().loc);
    SourceLoc start = cur().loc;
    take(); // if
    IfClause first;
    first.loc = start;
    first.cond = parseExpr();
    first.body = parseBlock();
    s->clauses.push_back(std::move(first));
    while (cur().isKeyword("elseif")) {
      IfClause c;
      c.loc = take().loc;
      c.cond = parseExpr();
      c.body = parseBlock();
      s->clauses.push_back(std::move(c));
    }
    if (cur().isKeyword("else")) {
      take();
      s->hasElse = true;
      s->elseBody = parseBlock();
    }
    expectBlockEnd("if", start);
    s->display = false;
    if (cur().is(Tok::Semicolon) || cur().is(Tok::Comma)) take();
    return s;
  }

  StmtPtr parseFor() {
    auto s = std::make_unique<Stmt>(StmtKind::For, cur().loc);
    SourceLoc start = cur().loc;
    take(); // for
    bool paren = false;
    if (cur().isOp("(")) {
      paren = true;
      take();
    }
    if (!cur().is(Tok::Identifier))
      fail(cur().loc, "expected the loop variable after 'for', got " + describe(cur()));
    s->name = take().text;
    expectOp("=", "after the loop variable");
    s->expr = parseExpr();
    if (paren)
      expectOp(")", "to close 'for ('");
    s->body = parseBlock();
    expectBlockEnd("for", start);
    if (cur().is(Tok::Semicolon) || cur().is(Tok::Comma)) take();
    return s;
  }

  StmtPtr parseWhile() {
    auto s = std::make_unique<Stmt>(StmtKind::While, cur().loc);
    SourceLoc start = cur().loc;
    take();
    s->expr = parseExpr();
    s->body = parseBlock();
    expectBlockEnd("while", start);
    if (cur().is(Tok::Semicolon) || cur().is(Tok::Comma)) take();
    return s;
  }

  Function parseFunction() {
    Function f;
    f.loc = cur().loc;
    ++functionDepth_;
    struct Leave {
      int &depth;
      ~Leave() { --depth; }
    } leave{functionDepth_};
    take(); // function
    // Forms: function name, function name(args), function out = name(args), function [o1, o2] = name(args)
    if (cur().isOp("[")) {
      take();
      while (!cur().isOp("]")) {
        if (!cur().is(Tok::Identifier))
          fail(cur().loc, "expected an output name, got " + describe(cur()));
        f.outputs.push_back(take().text);
        if (cur().is(Tok::Comma)) take();
      }
      take();
      expectOp("=", "after the output list");
      if (!cur().is(Tok::Identifier))
        fail(cur().loc, "expected the function name, got " + describe(cur()));
      f.name = take().text;
    } else {
      if (!cur().is(Tok::Identifier))
        fail(cur().loc, "expected the function name, got " + describe(cur()));
      std::string first = take().text;
      if (cur().isOp("=")) {
        take();
        f.outputs.push_back(first);
        if (!cur().is(Tok::Identifier))
          fail(cur().loc, "expected the function name, got " + describe(cur()));
        f.name = take().text;
      } else {
        f.name = first;
      }
    }
    if (cur().isOp("(")) {
      take();
      while (!cur().isOp(")")) {
        if (cur().isOp("~"))
          fail(cur().loc, "ignored inputs (~) are not supported by runmatc");
        if (!cur().is(Tok::Identifier))
          fail(cur().loc, "expected a parameter name, got " + describe(cur()));
        SourceLoc at = cur().loc;
        std::string name = take().text;
        if (name == "varargin" && !cur().isOp(")"))
          fail(at, "varargin must be the last input of a function");
        f.params.push_back(name);
        if (cur().is(Tok::Comma)) take();
        else if (!cur().isOp(")"))
          fail(cur().loc, "expected ',' or ')' in the parameter list, got " + describe(cur()));
      }
      take();
    }
    skipSeparators();
    while (cur().isKeyword("arguments"))
      parseArguments(f);
    f.body = parseBlock();
    if (cur().isKeyword("end") || cur().isKeyword("endfunction"))
      take();
    else if (!cur().is(Tok::End) && !cur().isKeyword("function"))
      fail(cur().loc, "unexpected " + describe(cur()) + " in function '" + f.name + "'");
    return f;
  }

  void parseArguments(Function &f) {
    take(); // arguments
    skipSeparators();
    while (!isEndKeyword(cur())) {
      if (cur().is(Tok::End))
        fail(cur().loc, "missing 'end' for the arguments block");
      ArgumentDecl d;
      d.loc = cur().loc;
      if (!cur().is(Tok::Identifier))
        fail(cur().loc, "expected an argument name in the arguments block, got " + describe(cur()));
      d.name = take().text;
      if (cur().isOp("(")) {
        take();
        while (!cur().isOp(")")) {
          if (cur().isOp(":")) d.dims.push_back(":");
          else if (cur().is(Tok::Number)) d.dims.push_back(cur().text);
          else fail(cur().loc, "expected ':' or a number in the size of '" + d.name + "'");
          take();
          if (cur().is(Tok::Comma)) take();
        }
        take();
      }
      if (cur().is(Tok::Identifier))
        d.className = take().text;
      if (cur().isOp("{"))
        fail(cur().loc, "validation functions in arguments blocks are not supported by runmatc");
      if (cur().isOp("="))
        fail(cur().loc, "default values in arguments blocks are not supported by runmatc");
      f.arguments.push_back(d);
      skipSeparators();
    }
    take();
    skipSeparators();
  }

  // ---- expressions -----------------------------------------------------------
  ExprPtr binary(ExprPtr l, const Token &op, ExprPtr r) {
    auto e = std::make_unique<Expr>(ExprKind::Binary, op.loc);
    e->text = op.text;
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return sized(std::move(e));
  }

  ExprPtr parseExpr() {
    NestingGuard guard(*this, cur().loc);
    return parseOrOr();
  }

  ExprPtr parseOrOr() {
    ExprPtr l = parseAndAnd();
    while (cur().isOp("||")) {
      Token op = take();
      l = binary(std::move(l), op, parseAndAnd());
    }
    return l;
  }
  ExprPtr parseAndAnd() {
    ExprPtr l = parseOr();
    while (cur().isOp("&&")) {
      Token op = take();
      l = binary(std::move(l), op, parseOr());
    }
    return l;
  }
  ExprPtr parseOr() {
    ExprPtr l = parseAnd();
    while (cur().isOp("|")) {
      Token op = take();
      l = binary(std::move(l), op, parseAnd());
    }
    return l;
  }
  ExprPtr parseAnd() {
    ExprPtr l = parseComparison();
    while (cur().isOp("&")) {
      Token op = take();
      l = binary(std::move(l), op, parseComparison());
    }
    return l;
  }
  ExprPtr parseComparison() {
    ExprPtr l = parseRange();
    while (cur().isOp("==") || cur().isOp("~=") || cur().isOp("!=") || cur().isOp("<") ||
           cur().isOp("<=") || cur().isOp(">") || cur().isOp(">=")) {
      Token op = take();
      if (op.text == "!=") op.text = "~=";
      l = binary(std::move(l), op, parseRange());
    }
    return l;
  }
  ExprPtr parseRange() {
    ExprPtr first = parseAdditive();
    if (!cur().isOp(":") || rangeEndsHere())
      return first;
    auto e = std::make_unique<Expr>(ExprKind::Range, cur().loc);
    take();
    e->args.push_back(std::move(first));
    e->args.push_back(parseAdditive());
    if (cur().isOp(":") && !rangeEndsHere()) {
      take();
      e->args.push_back(parseAdditive());
    }
    e->loc = e->args[0]->loc;
    return sized(std::move(e));
  }
  // In `x(1, :)` a colon followed by ')' or ',' is a subscript, not a range.
  bool rangeEndsHere() const {
    const Token &n = ahead(1);
    return n.isOp(")") || n.is(Tok::Comma);
  }

  bool breaksMatrixElement() const {
    // In [a -b] the '-' starts a new element; in [a - b] and [a-b] it subtracts.
    return inMatrix() && cur().spaceBefore && !ahead(1).spaceBefore;
  }

  ExprPtr parseAdditive() {
    ExprPtr l = parseMultiplicative();
    while ((cur().isOp("+") || cur().isOp("-")) && !breaksMatrixElement()) {
      Token op = take();
      l = binary(std::move(l), op, parseMultiplicative());
    }
    return l;
  }
  ExprPtr parseMultiplicative() {
    ExprPtr l = parseUnary();
    while (cur().isOp("*") || cur().isOp("/") || cur().isOp("\\") || cur().isOp(".*") ||
           cur().isOp("./") || cur().isOp(".\\")) {
      Token op = take();
      l = binary(std::move(l), op, parseUnary());
    }
    return l;
  }
  ExprPtr parseUnary() {
    if (cur().isOp("-") || cur().isOp("+") || cur().isOp("~") || cur().isOp("!")) {
      NestingGuard guard(*this, cur().loc);
      Token op = take();
      auto e = std::make_unique<Expr>(ExprKind::Unary, op.loc);
      e->text = op.text == "!" ? "~" : op.text;
      e->args.push_back(parseUnary());
      return sized(std::move(e));
    }
    return parsePower();
  }
  // Power and transpose share a level and associate to the left, as in MATLAB.
  ExprPtr parsePower() {
    ExprPtr l = parsePostfixPrimary();
    while (true) {
      if (cur().isOp("^") || cur().isOp(".^")) {
        Token op = take();
        l = binary(std::move(l), op, parsePowerOperand());
      } else if ((cur().isOp("'") || cur().isOp(".'")) && !(inMatrix() && cur().spaceBefore)) {
        Token op = take();
        auto e = std::make_unique<Expr>(ExprKind::Postfix, op.loc);
        e->text = op.text;
        e->args.push_back(std::move(l));
        l = sized(std::move(e));
      } else {
        return l;
      }
    }
  }
  // The exponent may carry its own sign: 2^-1.
  ExprPtr parsePowerOperand() {
    if (cur().isOp("-") || cur().isOp("+") || cur().isOp("~") || cur().isOp("!")) {
      NestingGuard guard(*this, cur().loc);
      Token op = take();
      auto e = std::make_unique<Expr>(ExprKind::Unary, op.loc);
      e->text = op.text == "!" ? "~" : op.text;
      e->args.push_back(parsePowerOperand());
      return sized(std::move(e));
    }
    return parsePostfixPrimary();
  }

  std::vector<ExprPtr> parseArgs(const char *close) {
    std::vector<ExprPtr> args;
    while (true) {
      while (cur().is(Tok::Newline))
        fail(cur().loc, "unexpected end of line inside parentheses (use '...' to continue a line)");
      if (cur().isOp(close)) {
        take();
        return args;
      }
      if (cur().isOp(":") && (ahead(1).isOp(close) || ahead(1).is(Tok::Comma))) {
        args.push_back(std::make_unique<Expr>(ExprKind::Colon, take().loc));
      } else {
        args.push_back(parseExpr());
      }
      if (cur().is(Tok::Comma)) {
        take();
        if (cur().isOp(close))
          fail(cur().loc, "expected an argument after ','");
      } else if (!cur().isOp(close)) {
        fail(cur().loc, std::string("expected ',' or '") + close + "' in the argument list, got " + describe(cur()));
      }
    }
  }

  ExprPtr parsePostfixPrimary() {
    const Token &t = cur();
    SourceLoc loc = t.loc;
    switch (t.kind) {
    case Tok::Number: {
      auto e = std::make_unique<Expr>(ExprKind::Number, loc);
      e->number = take().number;
      return e;
    }
    case Tok::String:
    case Tok::DQString: {
      auto e = std::make_unique<Expr>(ExprKind::String, loc);
      e->dq = t.kind == Tok::DQString;
      e->text = take().text;
      return e;
    }
    case Tok::Identifier: {
      std::string name = take().text;
      if (cur().isOp("(") && !(inMatrix() && cur().spaceBefore)) {
        take();
        ctx_.push_back(false);
        auto e = std::make_unique<Expr>(ExprKind::Index, loc);
        e->text = name;
        e->args = parseArgs(")");
        ctx_.pop_back();
        if (cur().isOp("(") && !cur().spaceBefore)
          fail(cur().loc, "chained indexing such as f(a)(b) is not supported by runmatc");
        rejectFieldOrCell(name);
        return sized(std::move(e));
      }
      if (cur().isOp("{") && !cur().spaceBefore) {
        take();
        ctx_.push_back(false);
        auto e = std::make_unique<Expr>(ExprKind::CellIndex, loc);
        e->text = name;
        e->args = parseArgs("}");
        ctx_.pop_back();
        if ((cur().isOp("(") || cur().isOp("{")) && !cur().spaceBefore)
          fail(cur().loc, "chained indexing such as c{i}(j) is not supported by runmatc");
        rejectFieldOrCell(name);
        return sized(std::move(e));
      }
      rejectFieldOrCell(name);
      auto e = std::make_unique<Expr>(ExprKind::Ident, loc);
      e->text = name;
      return e;
    }
    case Tok::Keyword:
      if (t.text == "end" && parenDepthForEnd()) {
        take();
        return std::make_unique<Expr>(ExprKind::EndIndex, loc);
      }
      fail(loc, "unexpected keyword '" + t.text + "' in an expression");
    case Tok::Op:
      if (t.text == "(") {
        take();
        ctx_.push_back(false);
        ExprPtr inner = parseExpr();
        ctx_.pop_back();
        expectOp(")", "to close '('");
        return inner;
      }
      if (t.text == "[")
        return parseMatrix();
      if (t.text == "{")
        return parseMatrix();
      if (t.text == "@") return parseHandle();
      if (t.text == ":")
        fail(loc, "':' alone is only valid as a subscript, as in x(:, 1)");
      fail(loc, "unexpected '" + t.text + "' in an expression");
    case Tok::Newline:
    case Tok::Semicolon:
    case Tok::Comma:
    case Tok::End:
      fail(loc, "expected an expression, got " + describe(t));
    }
    fail(loc, "expected an expression");
  }

  // 'end' as a value is only meaningful inside a subscript.
  bool parenDepthForEnd() const {
    for (bool m : ctx_)
      if (!m)
        return true;
    return false;
  }

  void rejectFieldOrCell(const std::string &name) {
    if (cur().isOp(".") && !cur().spaceBefore)
      fail(cur().loc, "struct field access ('" + name + ".') is not supported by runmatc");
    if (cur().isOp("{") && !cur().spaceBefore)
      fail(cur().loc, "cell indexing ('" + name + "{') is not supported by runmatc");
  }

  // @(a, b) body or @name. The body reaches as far as an expression does,
  // outside any subscript or matrix of the surrounding code.
  ExprPtr parseHandle() {
    SourceLoc loc = take().loc;
    if (cur().is(Tok::Identifier)) {
      auto e = std::make_unique<Expr>(ExprKind::Handle, loc);
      e->text = take().text;
      return e;
    }
    if (!cur().isOp("(")) fail(cur().loc, "expected a function name or a parameter list after '@'");
    take();
    auto e = std::make_unique<Expr>(ExprKind::Lambda, loc);
    while (!cur().isOp(")")) {
      if (!cur().is(Tok::Identifier)) fail(cur().loc, "expected a parameter name in @(...), got " + describe(cur()));
      e->params.push_back(take().text);
      if (cur().is(Tok::Comma) || cur().isOp(",")) take();
      else if (!cur().isOp(")")) fail(cur().loc, "expected ',' or ')' in the parameters of @(...)");
    }
    take();
    std::vector<bool> outer = std::move(ctx_);
    ctx_.clear();
    e->args.push_back(parseExpr());
    ctx_ = std::move(outer);
    return sized(std::move(e));
  }

  // [ ... ] or { ... } (a cell array): rows of elements.
  ExprPtr parseMatrix() {
    const bool cell = cur().isOp("{");
    const char *close = cell ? "}" : "]";
    auto e = std::make_unique<Expr>(cell ? ExprKind::Cell : ExprKind::Matrix, cur().loc);
    SourceLoc start = take().loc; // [ or {
    ctx_.push_back(true);
    std::vector<ExprPtr> row;
    bool separated = true; // a ',' or a new row since the last element
    auto endRow = [&] {
      if (!row.empty())
        e->rows.push_back(std::move(row));
      row.clear();
    };
    while (true) {
      if (cur().is(Tok::End))
        fail(start, cell ? "missing '}' for this '{'" : "missing ']' for this '['");
      if (cur().isOp(close)) {
        take();
        break;
      }
      if (cur().is(Tok::Semicolon) || cur().is(Tok::Newline)) {
        take();
        endRow();
        separated = true;
        continue;
      }
      if (cur().is(Tok::Comma)) {
        take();
        separated = true;
        continue;
      }
      if (!separated && !cur().spaceBefore && !cur().isOp("-") && !cur().isOp("+"))
        fail(cur().loc, "expected ',' or ';' between matrix elements, got " + describe(cur()));
      row.push_back(parseExpr());
      separated = false;
    }
    endRow();
    ctx_.pop_back();
    return sized(std::move(e));
  }

  std::vector<Token> t_;
  std::string file_;
  size_t p_ = 0;
  int nesting_ = 0;
  int switches_ = 0; // hidden .swN variables made so far
  std::vector<bool> ctx_; // true: directly inside [ ]; false: inside ( )
  int functionDepth_ = 0; // inside a function's body
};

} // namespace

Program parseProgram(const std::string &source, const std::string &fileName) {
  Program program = Parser(lex(source, fileName), fileName).parse();
  lowerEarlyExits(program);
  return program;
}

} // namespace runmat::frontend
