// Internal: the Tracer class shared by Tracer.cpp (statements, control flow,
// emission), TracerExpr.cpp (expressions, operators, indexing) and
// TracerBuiltins.cpp (builtin functions).
#pragma once

#include "TValue.h"
#include "runmat/frontend/Tracer.h"
#include "runmat/trace/OpSchema.h"
#include "runmat/trace/TypeRules.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace runmat::frontend {

using trace::Dim;
using trace::Type;

// Reading a variable that an earlier failing statement left unusable: a
// consequence of that problem, not reported on its own.
class DependentProblem : public CompileError {
public:
  using CompileError::CompileError;
};

class Tracer {
public:
  Tracer(const Program &program, const std::string &sourceText, TraceOptions options);
  trace::Trace run();

  // ---- emission (Tracer.cpp) ------------------------------------------------
  // Emits one op into the innermost region. Result types are inferred from the
  // operands unless the op declares them (`declared`). Pure ops with one result
  // are hash-consed, so the same computation gets the same value id.
  std::vector<TValue> emit(const std::string &name, std::vector<std::string> operands,
                           std::vector<trace::Attr> attrs, std::vector<Type> declared,
                           const SourceLoc &loc);
  TValue emit1(const std::string &name, std::vector<std::string> operands, std::vector<trace::Attr> attrs,
               std::vector<Type> declared, const SourceLoc &loc) {
    return emit(name, std::move(operands), std::move(attrs), std::move(declared), loc).at(0);
  }
  // The trace value holding `v` (emits a const op for Const values).
  std::string materialize(const TValue &v, const SourceLoc &loc);
  // materialize, with a host scalar made a 1x1 tensor (for ops that take tensors).
  std::string materializeTensor(const TValue &v, const SourceLoc &loc);
  // The trace type `v` has or would have once materialized.
  Type typeOf(const TValue &v) const;
  const Type &typeOfId(const std::string &id) const;
  // How a symbolic extent reads in messages: n, size(x,1), min(d,k), ...
  std::string symbolName(const std::string &id) const;
  trace::SymbolNames namer() const {
    return [this](const std::string &id) { return symbolName(id); };
  }
  std::string shapeText(const Type &t) const { return trace::shapeText(t, namer()); }

  // ---- values and operators (TracerExpr.cpp) ---------------------------------
  TValue eval(const Expr &e);
  std::vector<TValue> evalMulti(const Expr &e, int nargout);
  TValue evalCond(const Expr &e);
  // a && rhs (isAnd) or a || rhs with `a` known only at run time: rhs is
  // evaluated only when it decides, in a run-time if (Tracer.cpp).
  TValue shortCircuit(bool isAnd, const TValue &a, const Expr &rhs, const SourceLoc &loc);
  TValue unaryOp(const std::string &op, const TValue &x, const SourceLoc &loc);
  TValue binaryOp(const std::string &op, const TValue &a, const TValue &b, const SourceLoc &loc);
  TValue castTo(const TValue &x, DType t, const SourceLoc &loc);
  // unaryOp and binaryOp without MATLAB's integer-class rules.
  TValue plainUnaryOp(const std::string &op, const TValue &x, const SourceLoc &loc);
  TValue plainBinaryOp(const std::string &op, const TValue &a, const TValue &b, const SourceLoc &loc);

  // ---- integer classes (TracerIntegers.cpp) ------------------------------------
  // Values of class int8 .. uint64 are doubles whose trace type names the
  // class; each operation rounds and saturates as MATLAB does, in ops.
  // The class an emitted op's results have: what its first operand has for
  // ops that move elements (indexing, reshape, transpose, concatenation),
  // else none (a cast declares its own).
  // Before the trace is returned: every type a storage type again.
  void stripIntegerClasses();
  void applyIntegerClassRule(trace::Op &op, const std::vector<Type> &operandTypes) const;
  // x (integral and within c's range) tagged with class c.
  TValue withIntegerClass(const TValue &x, trace::IntegerClass c, const SourceLoc &loc);
  // MATLAB's conversion to class c: round half away from zero (skipped when
  // `integral`), saturate to the class's range, NaN to 0.
  TValue saturateTo(const TValue &x, trace::IntegerClass c, bool integral, const SourceLoc &loc);
  TValue toIntegerClass(const TValue &x, trace::IntegerClass c, const SourceLoc &loc);
  TValue integerUnary(const std::string &op, const TValue &x, const SourceLoc &loc);
  TValue integerBinary(const std::string &op, const TValue &a, const TValue &b, const SourceLoc &loc);
  // Builtins called with integer-class arguments, or about classes (int32,
  // intmax, class, isa, idivide, zeros(..., 'int8')): their results, or
  // nullopt where the ordinary builtin is right as it is.
  std::optional<std::vector<TValue>> integerBuiltin(const std::string &name, std::vector<TValue> &args, int nargout,
                                                    const SourceLoc &loc);
  // The one integer class of `parts` that have one (MATLAB: the leftmost wins).
  trace::IntegerClass commonIntegerClass(const std::vector<TValue> &parts) const;
  TValue reduceOp(const std::string &op, const TValue &x, std::vector<int64_t> dims, const SourceLoc &loc);
  // The dimension MATLAB reduces when none is given: the first that is not 1.
  int64_t defaultReductionDim(const TValue &x, const SourceLoc &loc);
  TValue transposeOp(const TValue &x, const SourceLoc &loc);
  TValue mtimesOp(const TValue &a, const TValue &b, const SourceLoc &loc);
  TValue toHostScalar(const TValue &x, const SourceLoc &loc, const std::string &what);
  // Parts from `mayBeEmptyFrom` on that may be 0x0 at run time (arrays
  // grown from []) are left out when they are, as MATLAB leaves [] out.
  TValue concatOp(int dim, const std::vector<TValue> &parts, const SourceLoc &loc, size_t mayBeEmptyFrom = 0);
  TValue rangeValue(const TValue &start, const TValue &step, const TValue &stop, const SourceLoc &loc);
  TValue indexValue(const TValue &x, const std::vector<ExprPtr> &subs, const SourceLoc &loc);

  // One subscript of x(s1, s2, ...) once evaluated, with `end` bound to the
  // extent it indexes into.
  struct Subscript {
    // Vector: an index vector or a logical mask (as the positions of its
    // trues), `a` holding the 1-based indexes as doubles.
    enum class Kind { Colon, Index, Range, Vector } kind = Kind::Colon;
    TValue a, b, c;  // the index (or indexes); or start, step, stop
    bool mask = false;
    Dim extent;      // how many elements it selects
    Dim of;          // the extent it indexes into (one linear extent, or
                     // trailing dims folded into the last subscript)
    double largest = 0; // the largest index when known at compile time, else 0
    SourceLoc loc;
  };
  // Evaluates the subscripts of x(subs...). A read (assigning false) past a
  // compile-time extent is an error; an assignment past it grows x.
  std::vector<Subscript> analyzeSubscripts(const TValue &x, const std::vector<ExprPtr> &subs, bool assigning,
                                           const SourceLoc &loc);
  // The `subs` attribute and the operands of ss[0..keep) for subsref/subsasgn.
  void subscriptOperands(const std::vector<Subscript> &ss, size_t keep, std::vector<std::string> &kinds,
                         std::vector<std::string> &operands, const SourceLoc &loc);
  // The 0-based positions a compile-time subscript selects.
  static std::vector<int64_t> constPicks(const Subscript &s);
  // The 1-based linear indexes of the elements ss selects (column-major over
  // the extents `of`), as a tensor broadcast over the subscripts' extents
  // (one subscript: its own shape); index vectors are checked against their
  // extents here, the linear indexes by the shim.
  TValue linearIndexes(const std::vector<Subscript> &ss, const SourceLoc &loc);
  // The shape of x(s) for one subscript: s's own shape, or x's orientation
  // when both are vectors (MATLAB's rule); masks give columns unless x is a row.
  std::vector<Dim> linearResultShape(const std::vector<Dim> &xShape, const Subscript &s);
  // The 1-based positions of mask's trues as a double column (find).
  TValue positionsOf(const TValue &mask, const SourceLoc &loc);
  // Subscripts ss[keep..) index extents of 1: they only check.
  void checkTrailingSubscripts(const std::vector<Subscript> &ss, size_t keep, const SourceLoc &loc);
  // x(subs...) = rhs (TracerAssign.cpp).
  void assignIndexed(const Target &t, const Expr &rhs, bool display, const SourceLoc &loc);
  // x(subs) = []: the elements (or rows, or columns) that remain (TracerDelete.cpp).
  void deleteIndexed(const Target &t, bool display, const SourceLoc &loc);
  TValue reshapeTo(const TValue &x, std::vector<Dim> dims, const SourceLoc &loc);
  void emitCheck(const TValue &cond, const std::string &message, const SourceLoc &loc);
  // Stops the program with `message` when run time reaches this point.
  void failAlways(const std::string &message, const SourceLoc &loc);
  // The name of the function being traced; empty at a script's top level.
  std::string currentFunction() const;

  // Extents: a value used as a size becomes a Dim, and back.
  Dim toDim(const TValue &v, const SourceLoc &loc, const std::string &what);
  TValue dimValue(const Dim &d) const;
  TValue numelValue(const TValue &x, const SourceLoc &loc);
  std::vector<Dim> shapeOf(const TValue &x) const;
  // Number of elements of start:step:stop, folded when possible.
  TValue rangeCount(const TValue &start, const TValue &step, const TValue &stop, const SourceLoc &loc);

  // ---- text from the environment, cell arrays of text (TracerText.cpp) ---------
  // A parameter the shim sets when the run starts (one per source).
  TValue shimParam(const ParamSource &source, const SourceLoc &loc);
  // length, number (str2double) or equals `literal` of environment text.
  TValue envQuery(const TValue &text, const std::string &query, const std::string &literal, const SourceLoc &loc);
  TValue cellValue(const Expr &e);
  TValue cellElement(const Expr &e);
  // `if isempty(getenv(...)) t = 'x'; else t = f(getenv(...)); end` makes
  // one environment text with a fallback; nullopt when the branch is not that.
  std::optional<TValue> mergeEnvText(const Expr &cond, const TValue *then, const TValue *otherwise);

  // ---- builtins (TracerBuiltins.cpp) ------------------------------------------
  bool isBuiltin(const std::string &name) const;
  // Calls a function handle: an anonymous function's body inlined with its
  // captured values and the arguments, or the named function.
  std::vector<TValue> callHandle(const TValue &h, std::vector<TValue> args, int nargout, const SourceLoc &loc);
  TValue makeHandle(const Expr &e);
  // A call's arguments, with c{:} expanded into the elements of cell c.
  std::vector<TValue> evalArguments(const std::vector<ExprPtr> &exprs, const std::string &callee);
  std::vector<TValue> callBuiltin(const std::string &name, std::vector<TValue> &args, int nargout,
                                  const SourceLoc &loc);
  // callBuiltin without the integer-class rules (integerBuiltin uses it).
  std::vector<TValue> callPlainBuiltin(const std::string &name, std::vector<TValue> &args, int nargout,
                                       const SourceLoc &loc);

  // ---- statements and control flow (Tracer.cpp) --------------------------------
  void execBlock(const Block &b);
  void execStmt(const Stmt &s);
  void assign(const std::string &name, TValue v, bool display, const SourceLoc &loc);
  void display(const std::string &name, const TValue &v, const SourceLoc &loc);
  std::vector<TValue> callFunction(const Function &f, std::vector<TValue> args, int nargout,
                                   const SourceLoc &loc);
  const Function *findFunction(const std::string &name);
  // Recursion on run-time scalars (TracerHostFunctions.cpp): whether a call
  // of f is a call of a host function (a recursive call on host scalars, one
  // known only at run time, or one deeper than inlining goes), and that call.
  bool wantsHostFunction(const Function &f, const std::vector<TValue> &args, bool tooDeep) const;
  std::vector<TValue> callHostFunction(const Function &f, const std::vector<TValue> &args, int nargout,
                                       const SourceLoc &loc);
  bool hasVariable(const std::string &name) const { return env_.count(name) != 0; }
  TValue readVariable(const std::string &name, const SourceLoc &loc);
  // nargin and nargout of the function being traced (null in a script).
  const std::pair<int, int> *argCounts() const { return argCounts_.empty() ? nullptr : &argCounts_.back(); }
  bool inEndContext() const { return !endStack_.empty(); }
  TValue endValue() const { return endStack_.back(); }
  std::vector<TValue> endStack_;

private:
  struct Scope {
    trace::Region *region = nullptr;
    std::map<std::string, std::string> cse; // op key -> value id
    std::set<std::string> defined;
  };
  struct ScalarExpr {
    std::string op;
    std::vector<std::string> operands;
    // op kBounds: a value known to lie in [lo, hi] (a constant, a loop
    // variable over a constant range); no operands.
    double lo = 0, hi = 0;
  };
  static constexpr const char *kBounds = "bounds";
  // The interval a host scalar lies in, where the trace knows one.
  std::optional<std::pair<double, double>> boundsOf(const TValue &v, int depth = 0) const;
  using Env = std::map<std::string, TValue>;

  std::string newId() { return "v" + std::to_string(nextId_++); }
  void pushRegion(trace::Region *r);
  void popRegion();
  void appendOp(trace::Op op);
  // An `if` on logical scalar `cond` with empty then and else regions.
  static trace::Op ifOp(const std::string &cond, const SourceLoc &loc);
  void define(const std::string &id, const Type &t);
  bool visibleOutsideInnermost(const std::string &id) const;
  std::optional<TValue> simplifyScalar(const std::string &op, const TValue &a, const TValue &b);
  void noteRead(const std::string &name, const TValue &v);

  bool tryParamGuard(const Stmt &s);
  void findParamGuards(const Block &b);
  TValue hostSelect(const TValue &cond, const TValue &a, const TValue &b, const std::string &var,
                    const SourceLoc &loc);
  std::set<std::string> declaredParams_; // by the program's top-level guards
  void traceIf(const Stmt &s, size_t clause);
  void traceFor(const Stmt &s);
  // One traced body for every trip (an scf.for).
  void traceLoopOverRange(const Stmt &s, const TValue &start, const TValue &step, const TValue &stop,
                          const Type &ivType);

  // Unrolling (TracerUnroll.cpp): a for loop of a known, small trip count
  // that cannot be traced as one body is traced once per trip.
  struct TraceSnapshot {
    Env env;
    int nextId;
    std::map<std::string, Type> types;
    std::map<std::string, ScalarExpr> scalarExprs;
    std::vector<Scope> scopes;
    size_t opsInRegion;
    size_t params;
    std::map<std::string, std::string> shimParams;
    size_t functionScopes, trackedArgs, readTracked, callStack, argCounts, endStack;
    int discovering, handleDepth;
    std::set<std::string> growableExtents;
  };
  TraceSnapshot snapshot() const;
  void restore(const TraceSnapshot &s);
  bool canUnroll(int64_t trips) const;
  // Records the interval of a loop variable over a constant range.
  void noteLoopBounds(const std::string &iv, const TValue &start, const TValue &step, const TValue &stop);
  void unrollFor(const Stmt &s, double start, double step, int64_t trips, const Type &ivType);
  int64_t unrolledTrips_ = 0; // over the whole trace: unrolling is bounded
  // Indexed assignments at a run-time subscript into an empty extent: they
  // would stop the run, where unrolled trips grow the array (assignIndexed).
  int64_t runtimeGrowthAssignments_ = 0;
  void traceWhile(const Stmt &s);

  // Host functions: one per function, argument types and output count.
  struct HostFunction {
    std::string symbol;        // its trace entry's name
    std::vector<Type> results; // its outputs' types
  };
  const HostFunction &hostFunctionFor(const Function &f, const std::vector<Type> &argTypes, int outputs,
                                      const SourceLoc &loc);
  // Traces f as a host function; `given` receives its outputs' types.
  trace::Entry traceHostFunction(const Function &f, const std::string &symbol, const std::vector<Type> &argTypes,
                                 int outputs, std::vector<Type> &given);
  std::map<std::string, HostFunction> hostFunctions_; // by signature key
  std::vector<trace::Entry> hostEntries_;             // traced ones, appended to the trace at the end
  std::string hostDepth_; // the recursion depth input of the host function being traced
  void execCommand(const Stmt &s);

  // Loop support: the variables a loop must carry, and their types.
  // A carried tensor whose extent changes from trip to trip (an array grown
  // in the loop) has kCarriedExtent at that dimension while its types are
  // discovered; the loop then carries the extent too, as a double scalar
  // entry (extentOf: the tensor's entry, extentDim: the dimension), and the
  // tensor's type at each boundary names that entry's value there
  // (TracerLoopCarried.cpp, trace::renameSymbols).
  struct Carried {
    std::string name;
    Type type;
    bool firstDefinedInLoop = false;
    int extentOf = -1;
    size_t extentDim = 0;
  };
  static bool isCarriedExtent(const Dim &d);
  // The common type of a carried variable before a trip and after it:
  // extents of two tensors that differ become carried extents; other
  // differences are errors (unifyTypes).
  Type unifyCarried(const std::string &var, const Type &before, const Type &after, const SourceLoc &loc,
                    const char *whereBefore, const char *whereAfter);
  // `t` with fresh double scalars (defined here, growable) for its carried extents.
  Type withFreshExtents(const Type &t);
  // `t` with every extent not visible here made a carried extent.
  Type withCarriedInnerExtents(const Type &t) const;
  // Appends one extent entry per carried extent of the entries.
  static void expandCarriedExtents(std::vector<Carried> &carried);
  // Entry i's type at a boundary whose values are `ids` (one per entry).
  static Type carriedTypeAt(const std::vector<Carried> &carried, size_t i, const std::vector<std::string> &ids);
  // Defines one new value per entry (region arguments or loop results),
  // typed at that boundary; binds the variables when `bind`.
  std::vector<trace::Value> defineCarried(const std::vector<Carried> &carried, bool bind);
  // The values a loop passes at a boundary (initial values or yields):
  // `values` has one per entry that is not an extent (nullopt: undefined),
  // converted to the entry's type; extents follow from the tensors.
  std::vector<std::string> carriedBoundary(const std::vector<Carried> &carried,
                                           const std::vector<std::optional<TValue>> &values, const SourceLoc &loc);
  // then() where cond holds, else otherwise(), as an if whose result's
  // extents may differ between the branches.
  TValue selectAtRunTime(const TValue &cond, const std::function<TValue()> &then,
                         const std::function<TValue()> &otherwise, const std::string &what, const SourceLoc &loc);
  // name(x) for an x whose orientation is known only at run time: traced
  // as [], as a row and as it is, the case that holds chosen at run time.
  TValue oneCaseOfOrientation(const std::string &name, const TValue &x, const SourceLoc &loc);
  // Whether every extent of v grows at run time (v may be 0x0 then).
  bool mayBeEmptyAtRunTime(const TValue &v) const;
  // The same tensor under another type of the same extents (a reshape).
  std::string retype(const std::string &id, const Type &t, const SourceLoc &loc);
  // Discovers what a loop carries: traces `body` in a scratch region
  // (after binding the carried variables of argTypes) until the types settle.
  std::vector<Carried> discoverCarried(const Stmt &s, const std::set<std::string> &assigned,
                                       std::map<std::string, Type> &argTypes, const std::function<void()> &body);
  // Extents of arrays grown at run time and of carried extents: an indexed
  // assignment at a run-time subscript may grow them again (assignIndexed).
  std::set<std::string> growableExtents_;
  // x grown at run time to `newShape` (an if: a grown copy, or x retyped).
  // The extents of x(index) = v where x's orientation is known only at run
  // time; sets `grows` (whether this assignment grows x).
  std::vector<Dim> runTimeOrientationGrowth(const std::string &name, const std::vector<Dim> &shape,
                                            const TValue &index, TValue &grows, const SourceLoc &loc);
  // Zeros of `newShape` with x (`base`) in its top-left corner.
  std::string grownCopy(const std::string &base, const std::vector<Dim> &newShape, bool empty,
                        const SourceLoc &loc);
  std::string growAtRunTime(const std::string &base, const std::vector<Dim> &newShape, const TValue &grows,
                            bool empty, const SourceLoc &loc);
  // > 0 while a loop's body is traced only to discover its carried types:
  // loops inside then stand in for themselves (standInForLoop).
  int discovering_ = 0;
  void standInForLoop(const std::vector<Carried> &carried, const std::set<std::string> &assigned,
                      const std::map<std::string, Type> &argTypes);
  // Converts `v` to carried type `t` inside the current region (dtype
  // promotion, scalar -> 1x1 tensor); returns the value id.
  // With `carriedExtents`, t's carried extents match any extent.
  std::string coerceTo(const TValue &v, const Type &t, const std::string &var, const SourceLoc &loc,
                       bool carriedExtents = false);
  // A common type for two values of one variable on different paths, or error.
  Type unifyTypes(const std::string &var, const Type &a, const Type &b, const SourceLoc &loc,
                  const char *whereA, const char *whereB);
  std::set<std::string> readsOutside(const Stmt &loop) const;
  void checkCarriedTypeVisible(const Carried &c, const SourceLoc &loc);

  const Program &program_;
  const std::string &sourceText_;
  TraceOptions options_;
  trace::Trace trace_;
  trace::Entry *entry_ = nullptr;
  std::vector<Scope> scopes_;
  std::map<std::string, Type> types_;
  std::map<std::string, ScalarExpr> scalarExprs_;
  std::map<std::string, std::string> valueNames_; // parameters and input extents
  int nextId_ = 0;
  int handleDepth_ = 0; // anonymous functions being inlined (bounded: recursion would not end)
  Env env_;
  // The top level's failing statements (execTopLevel) and the variables
  // they left unusable.
  std::vector<CompileError::Problem> problems_;
  std::set<std::string> poisoned_;
  // Runs the statements of the program's top level. One that fails is
  // recorded (at most kMaxProblems), what it assigns becomes unusable, and
  // tracing goes on, so one run reports a file's independent problems.
  void execTopLevel(const Block &b);
  // Throws the recorded problems, the first with the others as further().
  void reportProblems();
  // The functions being traced, innermost last: the body where reads after
  // a loop are searched, and the outputs read at its return (none for a script).
  struct FunctionScope {
    const Block *body;
    const std::vector<std::string> *outputs;
  };
  std::vector<FunctionScope> functionScopes_;
  std::vector<std::map<std::string, std::string>> trackedArgs_; // dry runs: arg id -> variable
  std::vector<std::set<std::string>> readTracked_;
  std::vector<std::unique_ptr<Program>> loadedPrograms_;
  std::vector<std::string> callStack_;
  std::vector<std::pair<int, int>> argCounts_; // per function call: nargin, nargout
  std::map<std::string, std::string> shimParams_; // ParamSource::describe() -> value id, this entry's
};

} // namespace runmat::frontend
