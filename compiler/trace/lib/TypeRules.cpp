#include "runmat/trace/TypeRules.h"

#include "runmat/contract/LibraryFunctions.h"

#include <cctype>
#include <set>

namespace runmat::trace {

DType arithmeticDType(DType a, DType b) {
  if (a == DType::Single || b == DType::Single)
    return DType::Single;
  return DType::Double;
}

static bool isLogicalResultOp(const std::string &op) {
  static const std::set<std::string> ops = {"eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not"};
  return ops.count(op) != 0;
}

DType elementwiseDType(const std::string &op, const std::vector<DType> &operands) {
  if (isLogicalResultOp(op))
    return DType::Logical;
  if (operands.size() == 1)
    return operands[0] == DType::Logical ? DType::Double : operands[0];
  DType t = operands[0];
  for (size_t i = 1; i < operands.size(); ++i)
    t = arithmeticDType(t, operands[i]);
  return t == DType::Logical ? DType::Double : t;
}

DType reductionDType(const std::string &op, DType t) {
  if (op == "reduce_max" || op == "reduce_min")
    return t;
  return t == DType::Logical ? DType::Double : t;
}

static std::string dimText(const Dim &d, const SymbolNames &names) {
  if (d.isConstant() || !names) return d.str();
  std::string n = names(d.symbol);
  bool simple = true;
  for (char c : n) simple &= std::isalnum((unsigned char)c) || c == '_';
  return simple ? n : "(" + n + ")";
}

std::string shapeText(const Type &t, const SymbolNames &names) {
  if (t.scalar)
    return "1x1";
  std::string s;
  for (size_t i = 0; i < t.shape.size(); ++i) {
    if (i) s += "x";
    s += dimText(t.shape[i], names);
  }
  return s;
}

Broadcast broadcast(const Type &a, const Type &b, const SymbolNames &names) {
  Broadcast r;
  if (a.scalar && b.scalar) {
    r.ok = true;
    r.scalar = true;
    return r;
  }
  if (a.scalar || b.scalar) {
    r.ok = true;
    r.shape = a.scalar ? b.shape : a.shape;
    return r;
  }
  size_t rank = std::max(a.shape.size(), b.shape.size());
  for (size_t d = 1; d <= rank; ++d) {
    Dim x = a.dim(d), y = b.dim(d);
    if (x == y || y.isOne()) {
      r.shape.push_back(x);
    } else if (x.isOne()) {
      r.shape.push_back(y);
    } else if (x.isConstant() && y.isConstant()) {
      r.error = "sizes " + shapeText(a, names) + " and " + shapeText(b, names) +
                " are not compatible for implicit expansion (dimension " + std::to_string(d) +
                ": " + x.str() + " vs " + y.str() + ")";
      return r;
    } else {
      // A symbolic extent against a different one: MATLAB would accept it only
      // if they agree at run time, which the importer checks.
      r.shape.push_back(x.isConstant() ? x : y.isConstant() ? y : x);
      r.mustBeEqual.push_back({x, y});
    }
  }
  r.ok = true;
  return r;
}

namespace {

// MATLAB drops trailing singleton dimensions beyond the second.
std::vector<Dim> canonical(std::vector<Dim> shape) {
  while (shape.size() > 2 && shape.back().isOne()) shape.pop_back();
  return shape;
}

bool sameExtents(const std::vector<Dim> &a, const std::vector<Dim> &b) { return a == b; }

bool fail(std::string &error, std::string msg) {
  error = std::move(msg);
  return false;
}

bool requireScalarNumeric(const Type &t, const char *what, std::string &error) {
  if (!t.scalar)
    return fail(error, std::string(what) + " must be a scalar, got " + t.str());
  return true;
}

// subsref's and subsasgn's `subs`: the operands from `first` on are the
// subscripts' scalars, one per index and three per range.
bool subscriptOperandsFit(const Op &op, const std::vector<Type> &in, size_t first, std::string &error) {
  const Attr *subs = op.findAttr("subs");
  const auto &list = std::get<std::vector<std::string>>(subs->value);
  size_t need = first;
  for (const std::string &s : list) {
    if (s == "colon") {
    } else if (s == "index") {
      need += 1;
    } else if (s == "range") {
      need += 3;
    } else {
      return fail(error, "unknown subscript kind '" + s + "' (expected colon, index or range)");
    }
  }
  if (list.empty())
    return fail(error, op.name + " needs at least one subscript");
  if (in.size() != need)
    return fail(error, "subscripts " + std::to_string(list.size()) + " need " + std::to_string(need - first) +
                           " index operands, got " + std::to_string(in.size() - first));
  for (size_t i = first; i < in.size(); ++i)
    if (!requireScalarNumeric(in[i], "each subscript operand", error))
      return false;
  return true;
}

} // namespace

std::map<std::string, std::string> resultRenames(const Op &op, const std::vector<std::string> &values,
                                                 size_t first) {
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < op.results.size() && first + i < values.size(); ++i)
    out[op.results[i].id] = values[first + i];
  return out;
}

bool checkOpTypes(const OpSchema &schema, const Op &op, const std::vector<Type> &in,
                  std::vector<Type> &out, std::string &error, const SymbolNames &names) {
  out.clear();
  const std::string &name = op.name;
  auto declared = [&](size_t i) -> const Type & { return op.results[i].type; };

  switch (schema.kind) {
  case OpKind::Unary: {
    Type t = in[0];
    t.dtype = elementwiseDType(name, {in[0].dtype});
    out.push_back(t);
    return true;
  }
  case OpKind::Binary: {
    Broadcast b = broadcast(in[0], in[1], names);
    if (!b.ok)
      return fail(error, b.error);
    DType dt = elementwiseDType(name, {in[0].dtype, in[1].dtype});
    out.push_back(b.scalar ? Type::makeScalar(dt) : Type::makeTensor(dt, canonical(b.shape)));
    return true;
  }
  case OpKind::Reduction: {
    const Attr *dims = op.findAttr("dims");
    const auto *list = dims ? std::get_if<std::vector<int64_t>>(&dims->value) : nullptr;
    if (!list || list->empty())
      return fail(error, "attribute 'dims' must list at least one dimension");
    Type t = in[0];
    t.dtype = reductionDType(name, in[0].dtype);
    for (int64_t d : *list) {
      if (d < 1)
        return fail(error, "reduction dimension " + std::to_string(d) + " is not positive (dims are 1-based)");
      if (!t.scalar && (size_t)d <= t.shape.size())
        t.shape[d - 1] = Dim::constant(1);
    }
    if (!t.scalar) t.shape = canonical(t.shape);
    out.push_back(t);
    return true;
  }
  case OpKind::MatMul: {
    const Type &a = in[0], &b = in[1];
    if (a.scalar || b.scalar || a.rank() != 2 || b.rank() != 2)
      return fail(error, "mtimes needs two 2-D tensors, got " + a.str() + " and " + b.str());
    Dim k1 = a.shape[1], k2 = b.shape[0];
    if (k1.isConstant() && k2.isConstant() && k1 != k2)
      return fail(error, "inner dimensions of the matrix product do not agree (" + shapeText(a, names) +
                             " * " + shapeText(b, names) + ")");
    out.push_back(Type::makeTensor(elementwiseDType("times", {a.dtype, b.dtype}),
                                   {a.shape[0], b.shape[1]}));
    return true;
  }
  case OpKind::Transpose: {
    if (in[0].scalar) {
      out.push_back(in[0]);
      return true;
    }
    if (in[0].rank() != 2)
      return fail(error, "transpose is defined for 2-D tensors, got " + in[0].str());
    out.push_back(Type::makeTensor(in[0].dtype, {in[0].shape[1], in[0].shape[0]}));
    return true;
  }
  case OpKind::ToScalar: {
    if (in[0].scalar)
      return fail(error, "to_scalar needs a tensor operand");
    for (const Dim &d : in[0].shape)
      if (d.isConstant() && d.extent != 1)
        return fail(error, "to_scalar needs a 1x1 tensor, got " + shapeText(in[0]));
    out.push_back(Type::makeScalar(in[0].dtype));
    return true;
  }
  case OpKind::Residency:
    out.push_back(in[0]);
    return true;
  case OpKind::Check:
    if (!in[0].scalar || in[0].dtype != DType::Logical)
      return fail(error, "check needs a logical scalar, got " + in[0].str());
    return true;
  case OpKind::Rng:
    return requireScalarNumeric(in[0], "the rng seed", error);
  case OpKind::Print:
  case OpKind::Display:
    return true;

  // Ops with declared result types: check what the operands determine.
  case OpKind::Constant: {
    const Type &t = declared(0);
    bool hasValue = op.findAttr("value") != nullptr, hasValues = op.findAttr("values") != nullptr;
    if (hasValue == hasValues)
      return fail(error, "const needs exactly one of 'value' and 'values'");
    if (hasValues) {
      if (t.scalar)
        return fail(error, "const with 'values' must declare a tensor type");
      const auto &vals = std::get<std::vector<double>>(op.findAttr("values")->value);
      int64_t n = 1;
      for (const Dim &d : t.shape) {
        if (!d.isConstant())
          return fail(error, "const with 'values' needs constant extents");
        n *= d.extent;
      }
      if ((int64_t)vals.size() != n)
        return fail(error, "const declares " + std::to_string(n) + " elements but lists " +
                               std::to_string(vals.size()));
    }
    return true;
  }
  case OpKind::Fill:
  case OpKind::Random:
  case OpKind::Undefined:
    // One draw may be a host scalar (rand()): element 0 of its stream.
    if (declared(0).scalar && schema.kind == OpKind::Fill)
      return fail(error, std::string(schema.name) + " must declare a tensor type");
    if (schema.kind == OpKind::Random && declared(0).dtype == DType::Logical)
      return fail(error, "random numbers are single or double, not logical");
    return true;
  case OpKind::Colon:
  case OpKind::Linspace: {
    for (const Type &t : in)
      if (!requireScalarNumeric(t, "each operand", error))
        return false;
    const Type &t = declared(0);
    if (t.scalar || t.rank() != 2 || !t.shape[0].isOne())
      return fail(error, std::string(schema.name) + " must declare a 1xN row, got " + t.str());
    return true;
  }
  case OpKind::Cast: {
    const Type &t = declared(0);
    if (t.scalar != in[0].scalar || !sameExtents(t.shape, in[0].shape))
      return fail(error, "cast must keep the operand's shape (" + in[0].str() + " vs " + t.str() + ")");
    return true;
  }
  case OpKind::QR: {
    const Type &a = in[0];
    if (a.scalar || a.rank() != 2)
      return fail(error, "qr_econ needs a 2-D tensor, got " + a.str());
    const Type &q = declared(0), &r = declared(1);
    if (q.scalar || r.scalar || q.rank() != 2 || r.rank() != 2)
      return fail(error, "qr_econ results must be 2-D tensors");
    if (q.shape[0] != a.shape[0] || r.shape[1] != a.shape[1] || q.shape[1] != r.shape[0])
      return fail(error, "qr_econ result shapes " + q.str() + ", " + r.str() +
                             " do not fit the operand " + a.str());
    DType dt = a.dtype == DType::Logical ? DType::Double : a.dtype;
    if (q.dtype != dt || r.dtype != dt)
      return fail(error, std::string("qr_econ results must be ") + dtypeName(dt));
    return true;
  }
  case OpKind::Resize: {
    const Type &t = declared(0);
    if (t.scalar || in[0].scalar || t.dtype != in[0].dtype || t.shape.size() != in[0].shape.size())
      return fail(error, "resize keeps the dtype and the number of dimensions of its tensor operand (" +
                             in[0].str() + ")");
    for (size_t k = 0; k < t.shape.size(); ++k)
      if (t.shape[k].isConstant() && in[0].shape[k].isConstant() && t.shape[k].extent < in[0].shape[k].extent)
        return fail(error, "resize does not shrink (" + in[0].str() + " to " + t.str() + ")");
    return true;
  }
  case OpKind::Diag:
  case OpKind::Reshape:
  case OpKind::Subsref: {
    const Type &t = declared(0);
    if (t.scalar)
      return fail(error, std::string(schema.name) + " must declare a tensor type");
    if (t.dtype != in[0].dtype)
      return fail(error, std::string(schema.name) + " keeps the dtype of its operand (" +
                             dtypeName(in[0].dtype) + ")");
    if (schema.kind == OpKind::Subsref) {
      if (!subscriptOperandsFit(op, in, 1, error)) return false;
    }
    if (schema.kind == OpKind::Reshape && !in[0].scalar) {
      int64_t a = 1, b = 1;
      bool known = true;
      for (const Dim &d : in[0].shape) known &= d.isConstant(), a *= d.extent;
      for (const Dim &d : t.shape) known &= d.isConstant(), b *= d.extent;
      if (known && a != b)
        return fail(error, "reshape from " + shapeText(in[0]) + " to " + shapeText(t) +
                               " changes the number of elements");
    }
    return true;
  }
  case OpKind::Library: {
    const Attr *fn = op.findAttr("fn");
    const std::string *name = fn ? std::get_if<std::string>(&fn->value) : nullptr;
    const LibraryFunctionInfo *info = name ? findLibraryFunction(*name) : nullptr;
    if (!info) return fail(error, "library: unknown function '" + (name ? *name : std::string()) + "'");
    const Attr *opts = op.findAttr("options");
    const auto *list = opts ? std::get_if<std::vector<int64_t>>(&opts->value) : nullptr;
    size_t nOptions = list ? list->size() : 0;
    if ((int)in.size() != info->operands || (int)nOptions != info->options || (int)op.results.size() != info->results)
      return fail(error, "library " + *name + " takes " + std::to_string(info->operands) + " operands, " +
                             std::to_string(info->options) + " options and gives " + std::to_string(info->results) +
                             " results");
    for (const Type &t : in)
      if (t.scalar) return fail(error, "library " + *name + " takes tensor operands");
    for (size_t i = 0; i < op.results.size(); ++i)
      if (declared(i).scalar) return fail(error, "library " + *name + " gives tensor results");
    return true;
  }
  case OpKind::Find: {
    const Type &t = declared(0);
    if (in[0].scalar) return fail(error, "find needs a tensor operand");
    if (!requireScalarNumeric(in[1], "find's count", error)) return false;
    if (t.scalar || t.dtype != DType::Double || t.shape.size() != 2 || !t.shape[1].isOne())
      return fail(error, "find gives a double column");
    return true;
  }
  case OpKind::Take: {
    const Type &t = declared(0);
    if (in[0].scalar || in[1].scalar) return fail(error, "take needs tensor operands");
    if (in[1].dtype != DType::Double) return fail(error, "take's indexes must be double");
    if (t.scalar || t.dtype != in[0].dtype || t.shape != in[1].shape)
      return fail(error, "take's result has the indexes' shape and the source's dtype");
    return true;
  }
  case OpKind::Put: {
    const Type &t = declared(0), &x = in[0];
    if (x.scalar || in[1].scalar || t != x)
      return fail(error, "put's result must have the type of its tensor operand, " + x.str());
    if (in[1].dtype != DType::Double) return fail(error, "put's indexes must be double");
    if (in[2].dtype != x.dtype)
      return fail(error, std::string("put's value must be ") + dtypeName(x.dtype) + " (cast it first)");
    return true;
  }
  case OpKind::Subsasgn: {
    const Type &t = declared(0), &x = in[0], &v = in[1];
    if (x.scalar || t.scalar || t != x)
      return fail(error, "subsasgn's result must have the type of its tensor operand, " + x.str());
    if (v.dtype != x.dtype)
      return fail(error, std::string("subsasgn's value must be ") + dtypeName(x.dtype) + " (cast it first)");
    return subscriptOperandsFit(op, in, 2, error);
  }
  case OpKind::Concat: {
    const Type &t = declared(0);
    bool allLogical = true;
    DType dt = in[0].dtype;
    for (const Type &x : in) {
      allLogical &= x.dtype == DType::Logical;
      dt = arithmeticDType(dt, x.dtype);
    }
    if (allLogical)
      dt = DType::Logical;
    if (t.scalar || t.dtype != dt)
      return fail(error, std::string(schema.name) + " must declare a " + dtypeName(dt) + " tensor");
    return true;
  }
  case OpKind::For:
    for (int i = 0; i < 3; ++i)
      if (!requireScalarNumeric(in[i], "the loop range bounds", error))
        return false;
    if (in.size() - 3 != op.results.size())
      return fail(error, "for needs one initial value per result");
    for (size_t i = 3; i < in.size(); ++i) {
      Type expect = renameSymbols(declared(i - 3), resultRenames(op, op.operands, 3));
      if (in[i] != expect)
        return fail(error, "initial value " + std::to_string(i - 2) + " has type " + in[i].str() +
                               " but the loop carries " + expect.str());
    }
    return true;
  case OpKind::While:
    if (in.size() != op.results.size())
      return fail(error, "while needs one initial value per result");
    for (size_t i = 0; i < in.size(); ++i) {
      Type expect = renameSymbols(declared(i), resultRenames(op, op.operands, 0));
      if (in[i] != expect)
        return fail(error, "initial value " + std::to_string(i + 1) + " has type " + in[i].str() +
                               " but the loop carries " + expect.str());
    }
    return true;
  case OpKind::Call:
    // The callee's signature is the trace's (the validator compares).
    for (const Type &t : in)
      if (!t.scalar) return fail(error, "call takes host scalars, got " + t.str());
    for (size_t i = 0; i < op.results.size(); ++i)
      if (!declared(i).scalar) return fail(error, "call returns host scalars, got " + declared(i).str());
    return true;
  case OpKind::If:
    if (!in[0].scalar || in[0].dtype != DType::Logical)
      return fail(error, "if needs a logical scalar condition, got " + in[0].str());
    return true;
  }
  return true;
}

} // namespace runmat::trace
