/**
 * A tiny elementwise expression DAG. Each activation writes its forward and derivative once
 * with these nodes; emitters turn the same DAG into a JS loop (cpu, wasm heap), WebAssembly
 * SIMD, WGSL and composed tf ops, so the backends cannot drift apart.
 * Parameters are folded in as constants: kernels are compiled (and cached) per attribute set.
 */
export type UnaryOp = "abs" | "neg" | "exp" | "log" | "log1p" | "tanh" | "sqrt";
export type BinaryOp = "add" | "sub" | "mul" | "div" | "max" | "min";

export type Expr =
  | { readonly kind: "input"; readonly id: number; readonly index: number }
  | { readonly kind: "const"; readonly id: number; readonly value: number }
  | { readonly kind: "unary"; readonly id: number; readonly op: UnaryOp; readonly a: Expr }
  | { readonly kind: "binary"; readonly id: number; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  /** `cond > 0 ? then : otherwise`, evaluated branch-free (both sides are computed). */
  | { readonly kind: "select"; readonly id: number; readonly cond: Expr; readonly then: Expr; readonly otherwise: Expr };

type Operand = Expr | number;

/** Builds nodes; numbers passed where an Expr is expected become constants. */
export class ExprBuilder {
  private nextId = 0;

  input(index: number): Expr {
    return { kind: "input", id: this.nextId++, index };
  }
  c(value: number): Expr {
    return { kind: "const", id: this.nextId++, value };
  }
  private of(v: Operand): Expr {
    return typeof v === "number" ? this.c(v) : v;
  }
  unary(op: UnaryOp, a: Operand): Expr {
    return { kind: "unary", id: this.nextId++, op, a: this.of(a) };
  }
  binary(op: BinaryOp, a: Operand, b: Operand): Expr {
    return { kind: "binary", id: this.nextId++, op, a: this.of(a), b: this.of(b) };
  }
  add(a: Operand, b: Operand): Expr {
    return this.binary("add", a, b);
  }
  sub(a: Operand, b: Operand): Expr {
    return this.binary("sub", a, b);
  }
  mul(a: Operand, b: Operand): Expr {
    return this.binary("mul", a, b);
  }
  div(a: Operand, b: Operand): Expr {
    return this.binary("div", a, b);
  }
  max(a: Operand, b: Operand): Expr {
    return this.binary("max", a, b);
  }
  min(a: Operand, b: Operand): Expr {
    return this.binary("min", a, b);
  }
  abs(a: Operand): Expr {
    return this.unary("abs", a);
  }
  neg(a: Operand): Expr {
    return this.unary("neg", a);
  }
  exp(a: Operand): Expr {
    return this.unary("exp", a);
  }
  log(a: Operand): Expr {
    return this.unary("log", a);
  }
  log1p(a: Operand): Expr {
    return this.unary("log1p", a);
  }
  tanh(a: Operand): Expr {
    return this.unary("tanh", a);
  }
  sqrt(a: Operand): Expr {
    return this.unary("sqrt", a);
  }
  clamp(a: Operand, lo: number, hi: number): Expr {
    return this.min(this.max(a, lo), hi);
  }
  /** cond > 0 ? then : otherwise */
  select(cond: Operand, then: Operand, otherwise: Operand): Expr {
    return { kind: "select", id: this.nextId++, cond: this.of(cond), then: this.of(then), otherwise: this.of(otherwise) };
  }
  /** a^k for a small integer k >= 1, by repeated squaring (k is a compile-time constant). */
  powi(a: Expr, k: number): Expr {
    if (!Number.isInteger(k) || k < 1) throw new Error(`powi needs an integer exponent >= 1 (got ${k})`);
    let result: Expr | undefined;
    let square = a;
    for (let rest = k; rest > 0; rest >>= 1) {
      if (rest & 1) result = result ? this.mul(result, square) : square;
      if (rest > 1) square = this.mul(square, square);
    }
    return result as Expr;
  }
}

/** The nodes reachable from `outputs`, each once, operands before users. */
export function topoOrder(outputs: readonly Expr[]): Expr[] {
  const seen = new Set<number>();
  const order: Expr[] = [];
  const visit = (e: Expr): void => {
    if (seen.has(e.id)) return;
    seen.add(e.id);
    if (e.kind === "unary") visit(e.a);
    else if (e.kind === "binary") {
      visit(e.a);
      visit(e.b);
    } else if (e.kind === "select") {
      visit(e.cond);
      visit(e.then);
      visit(e.otherwise);
    }
    order.push(e);
  };
  outputs.forEach(visit);
  return order;
}

/**
 * An elementwise program: `inputs` names the input arrays (x, and dy for a backward kernel),
 * `output` is the value written per element.
 */
export type ElementwiseProgram = { readonly inputs: readonly string[]; readonly output: Expr };

/** Builds forward (y = f(x)) and backward (dx = dy * f'(x)) programs from an activation's formulas. */
export function forwardProgram(f: (b: ExprBuilder, x: Expr) => Expr): ElementwiseProgram {
  const b = new ExprBuilder();
  return { inputs: ["x"], output: f(b, b.input(0)) };
}

export function backwardProgram(df: (b: ExprBuilder, x: Expr) => Expr): ElementwiseProgram {
  const b = new ExprBuilder();
  const x = b.input(0);
  const dy = b.input(1);
  return { inputs: ["x", "dy"], output: b.mul(dy, df(b, x)) };
}
