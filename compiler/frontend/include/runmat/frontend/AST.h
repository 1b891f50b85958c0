// Syntax tree of a MATLAB program (script or function file).
#pragma once

#include "runmat/support/Diagnostic.h"

#include <memory>
#include <string>
#include <vector>

namespace runmat::frontend {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
  Number,   // number
  String,   // text; dq tells "..." from '...'
  Ident,    // name
  Colon,    // a bare ':' subscript
  EndIndex, // 'end' inside a subscript
  Unary,    // op args[0]        op in - + ~
  Postfix,  // args[0] op        op in ' .'
  Binary,   // args[0] op args[1]
  Range,    // args: start, [step,] stop (step present when args.size() == 3)
  Index,    // name(args...): a call or an indexing read, resolved by the tracer
  Matrix,   // rows of elements
  Cell,     // {rows of elements}: a cell array
  CellIndex, // name{args...}: a cell array's element
  Lambda,   // @(params) args[0]: an anonymous function
  Handle,   // @name: a handle to a named function (text)
  Unsupported, // construct parsed only to be refused with a clear message (text)
};

struct Expr {
  ExprKind kind;
  SourceLoc loc;
  double number = 0;
  std::string text; // identifier, operator, string contents, or construct name
  bool dq = false;
  std::vector<ExprPtr> args;
  std::vector<std::vector<ExprPtr>> rows;
  std::vector<std::string> params; // Lambda
  int height = 1; // of the tree below: the parser bounds it (kMaxExprHeight)

  Expr(ExprKind k, SourceLoc l) : kind(k), loc(std::move(l)) {}
};

// How deep expressions and blocks may nest. Every stage walks them
// recursively; bounds keep a pathological file (tens of thousands of
// parentheses) a located error instead of a stack overflow: the parser's
// own recursion (parentheses, signs, blocks), and the height of an
// expression's tree (a long chain a + b + ... nests without recursing).
constexpr int kMaxNesting = 2000;
constexpr int kMaxExprHeight = 100000;

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

// One assignment target: `x`, `x(i, j)` (indexed), or `~` (ignored output).
struct Target {
  std::string name;
  bool ignored = false;
  bool indexed = false;
  std::vector<ExprPtr> index;
  SourceLoc loc;
};

enum class StmtKind {
  Expression, // expr
  Assign,     // targets[0] = expr
  MultiAssign, // [targets...] = expr
  If,         // clauses (cond, block) ..., elseBlock
  For,        // for loopVar = expr; body
  While,      // while expr; body
  Break,
  Continue,
  Return,
  Command,    // command syntax: name word word ... (clc, clear x, close all, format long)
  Unsupported, // switch, try, global, ...: text names it
};

struct IfClause {
  ExprPtr cond;
  Block body;
  SourceLoc loc;
};

struct Stmt {
  StmtKind kind;
  SourceLoc loc;
  bool display = false; // no ';' after it: MATLAB shows the result
  ExprPtr expr;
  std::vector<Target> targets;
  std::vector<IfClause> clauses;
  Block elseBody;
  bool hasElse = false;
  std::string name; // loop variable, command name, or unsupported construct
  std::vector<std::string> words; // command arguments
  Block body;

  Stmt(StmtKind k, SourceLoc l) : kind(k), loc(std::move(l)) {}
};

// An `arguments` block line: name (dims) class
struct ArgumentDecl {
  std::string name;
  std::vector<std::string> dims; // ":" for any extent, or digits
  std::string className;         // "", "double", "single", "logical"
  SourceLoc loc;
};

struct Function {
  std::string name;
  std::vector<std::string> params;
  std::vector<std::string> outputs;
  std::vector<ArgumentDecl> arguments;
  Block body;
  SourceLoc loc;
};

struct Program {
  std::string file;
  bool isFunctionFile = false;
  Block script;                   // statements of a script (empty for a function file)
  std::vector<Function> functions; // the function file's functions, or a script's local functions
};

} // namespace runmat::frontend
