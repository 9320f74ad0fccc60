/**
 * Every FEEL built-in Camunda publishes (`@camunda/feel-builtins`, the list Camunda's modeler and
 * linter use) exists and behaves as Camunda's FEEL documentation shows it, on a representative call
 * per signature (values from docs.camunda.io "FEEL built-in functions"; feel-scala is the reference).
 */
import t from 'tap';
import { camundaBuiltins } from '@camunda/feel-builtins';
import { evalExpr, ExpressionError, unknownFunctions, withFeelClock } from '../../engine-adapter/embedded/feel.ts';

const NOW = new Date('2026-03-02T01:00:00Z');
const run = (src: string, vars: Record<string, unknown> = {}) => withFeelClock(NOW, () => evalExpr({ feel: true, src }, vars));

/** A call and what it must give: a JSON value, or a predicate for values that vary (uuid, random). */
type Case = [expression: string, expected: unknown];
const matches = (re: RegExp) => (v: unknown) => typeof v === 'string' && re.test(v);

const cases: Record<string, Case> = {
  'not(negand)': ['not(true)', false],
  'get value(context, key)': ['get value({foo: 123}, "foo")', 123],
  'get value(context, keys)': ['get value({x:1, y: {z:0}}, ["y", "z"])', 0],
  'get entries(context)': ['get entries({foo: 123})', [{ key: 'foo', value: 123 }]],
  'context put(context, key, value)': ['context put({x:1}, "y", 2)', { x: 1, y: 2 }],
  'context put(context, keys, value)': ['context put({x:1}, ["y", "z"], 2)', { x: 1, y: { z: 2 } }],
  'context merge(contexts)': ['context merge([{x:1, y: 0}, {y:2}])', { x: 1, y: 2 }],
  'string(from)': ['string(date("2012-12-25"))', '2012-12-25'],
  'number(from)': ['number("1500.5")', 1500.5],
  'number(from, grouping separator)': ['number("1,500", ",")', 1500],
  'number(from, grouping separator, decimal separator)': ['number("1 500.5", " ", ".")', 1500.5],
  'context(entries)': ['context([{"key":"a", "value":1}, {"key":"b", "value":2}])', { a: 1, b: 2 }],
  'date(from)': ['date(date and time("2012-12-25T11:00:00"))', '2012-12-25'],
  'date(year, month, day)': ['date(2012, 12, 25)', '2012-12-25'],
  'time(from)': ['time(date and time("2012-12-25T11:00:00"))', '11:00:00'],
  'time(hour, minute, second)': ['time(23, 59, 0)', '23:59:00'],
  'time(hour, minute, second, offset)': ['time(14, 30, 0, duration("PT1H"))', '14:30:00+01:00'],
  'date and time(from)': ['date and time("2018-04-29T09:30:00")', '2018-04-29T09:30:00'],
  'date and time(date, time)': ['date and time(date("2012-12-24"),time("T23:59:00"))', '2012-12-24T23:59:00'],
  'date and time(date, timezone)': ['date and time(@"2020-07-31T14:27:30@Europe/Berlin", "America/Los_Angeles")', '2020-07-31T05:27:30@America/Los_Angeles'],
  'duration(from)': ['duration("P5D")', 'P5D'],
  'years and months duration(from, to)': ['years and months duration(date("2011-12-22"), date("2013-08-24"))', 'P1Y8M'],
  'from json(value)': ['from json("{\\"a\\": 1, \\"b\\": 2}")', { a: 1, b: 2 }],
  'to json(value)': ['to json(@"2025-11-24T10:00:00@Europe/Berlin")', '"2025-11-24T10:00:00+01:00[Europe/Berlin]"'],
  'list contains(list, element)': ['list contains([1,2,3], 2)', true],
  'count(list)': ['count([1,2,3])', 3],
  'min(list)': ['min([1,2,3])', 1],
  'max(list)': ['max(1,2,3)', 3],
  'sum(list)': ['sum([1,2,3])', 6],
  'product(list)': ['product(2, 3, 4)', 24],
  'mean(list)': ['mean([1,2,3])', 2],
  'median(list)': ['median([6, 1, 2, 3])', 2.5],
  'stddev(list)': ['stddev([2, 4, 7, 5])', 2.0816659994661326],
  'mode(list)': ['mode([6, 1, 9, 6, 1])', [1, 6]],
  'all(list)': ['all([true,false])', false],
  'any(list)': ['any(false,null,true)', true],
  'sublist(list, start position)': ['sublist([1,2,3], 2)', [2, 3]],
  'sublist(list, start position, length)': ['sublist([1,2,3], 1, 2)', [1, 2]],
  'append(list, items)': ['append([1], 2, 3)', [1, 2, 3]],
  'concatenate(lists)': ['concatenate([1],[2],[3])', [1, 2, 3]],
  'insert before(list, position, newItem)': ['insert before([1,3],2,2)', [1, 2, 3]],
  'remove(list, position)': ['remove([1,2,3], 2)', [1, 3]],
  'reverse(list)': ['reverse([1,2,3])', [3, 2, 1]],
  'index of(list, match)': ['index of([1,2,3,2],2)', [2, 4]],
  'union(list)': ['union([1,2],[2,3])', [1, 2, 3]],
  'distinct values(list)': ['distinct values([1,2,3,2,1])', [1, 2, 3]],
  'flatten(list)': ['flatten([[1,2],[[3]], 4])', [1, 2, 3, 4]],
  'sort(list, precedes)': ['sort(list: [3,1,4,5,2], precedes: function(x,y) x < y)', [1, 2, 3, 4, 5]],
  'string join(list)': ['string join(["a",null,"c"])', 'ac'],
  'string join(list, delimiter)': ['string join(["a","b","c"], ", ")', 'a, b, c'],
  'string join(list, delimiter, prefix, suffix)': ['string join(["a","b","c"], ", ", "[", "]")', '[a, b, c]'],
  'decimal(n, scale)': ['decimal(1/3, 2)', 0.33],
  'floor(n)': ['floor(-1.5)', -2],
  'floor(n, scale)': ['floor(-1.56, 1)', -1.6],
  'ceiling(n)': ['ceiling(-1.5)', -1],
  'ceiling(n, scale)': ['ceiling(-1.56, 1)', -1.5],
  'round up(n, scale)': ['round up(1.121, 2)', 1.13],
  'round down(n, scale)': ['round down(-1.126, 2)', -1.12],
  'round half up(n, scale)': ['round half up(-1.126, 2)', -1.13],
  'round half down(n, scale)': ['round half down(5.5, 0)', 5],
  'abs(number)': ['abs(-10)', 10],
  'modulo(dividend, divisor)': ['modulo(12, 5)', 2],
  'sqrt(number)': ['sqrt(16)', 4],
  'log(number)': ['log(10)', 2.302585092994046],
  'exp(number)': ['exp(5)', 148.4131591025766],
  'odd(number)': ['odd(5)', true],
  'even(number)': ['even(2)', true],
  'before(point1, point2)': ['before(1, 10)', true],
  'before(range, point)': ['before([1..5], 10)', true],
  'before(point, range)': ['before(1, [2..5])', true],
  'before(range1, range2)': ['before([1..5], [6..10])', true],
  'after(point1, point2)': ['after(10, 1)', true],
  'after(range, point)': ['after([5..10], 1)', true],
  'after(point, range)': ['after(12, [2..5])', true],
  'after(range1, range2)': ['after([6..10], [1..5])', true],
  'meets(range1, range2)': ['meets([1..5], [5..10])', true],
  'met by(range1, range2)': ['met by([5..10], [1..5])', true],
  'overlaps(range1, range2)': ['overlaps([5..10], [1..6])', true],
  'overlaps before(range1, range2)': ['overlaps before([1..5], [4..10])', true],
  'overlaps after(range1, range2)': ['overlaps after([4..10], [1..5])', true],
  'finishes(point, range)': ['finishes(5, [1..5])', true],
  'finishes(range1, range2)': ['finishes([3..5], [1..5])', true],
  'finished by(range, point)': ['finished by([5..10], 10)', true],
  'finished by(range1, range2)': ['finished by([3..5], [4..5])', true],
  'includes(range, point)': ['includes([5..10], 6)', true],
  'includes(range1, range2)': ['includes([5..10], [6..8])', true],
  'during(point, range)': ['during(5, [1..10])', true],
  'during(range1, range2)': ['during([4..6], [1..10])', true],
  'starts(point, range)': ['starts(1, [1..5])', true],
  'starts(range1, range2)': ['starts([1..5], [1..10])', true],
  'started by(range, point)': ['started by([1..10], 1)', true],
  'started by(range1, range2)': ['started by([1..10], [1..5])', true],
  'coincides(point1, point2)': ['coincides(5, 5)', true],
  'coincides(range1, range2)': ['coincides([1..5], [1..5])', true],
  'substring(string, start position)': ['substring("foobar", -2)', 'ar'],
  'substring(string, start position, length)': ['substring("foobar", -3, 2)', 'ba'],
  'string length(string)': ['string length("foo")', 3],
  'upper case(string)': ['upper case("aBc4")', 'ABC4'],
  'lower case(string)': ['lower case("aBc4")', 'abc4'],
  'substring before(string, match)': ['substring before("foobar", "bar")', 'foo'],
  'substring after(string, match)': ['substring after("foobar", "ob")', 'ar'],
  'contains(string, match)': ['contains("foobar", "of")', false],
  'starts with(string, match)': ['starts with("foobar", "fo")', true],
  'ends with(string, match)': ['ends with("foobar", "r")', true],
  'matches(input, pattern)': ['matches("foobar", "^fo*bar")', true],
  'matches(input, pattern, flags)': ['matches("FooBar", "foo", "i")', true],
  'replace(input, pattern, replacement)': ['replace("abcd", "(ab)|(a)", "[1=$1][2=$2]")', '[1=ab][2=]cd'],
  'replace(input, pattern, replacement, flags)': ['replace("How do you feel?", "Feel", "FEEL", "i")', 'How do you FEEL?'],
  'split(string, delimiter)': ['split("a;b;c;;", ";")', ['a', 'b', 'c', '', '']],
  'now()': ['now()', '2026-03-02T01:00:00Z'],
  'today()': ['today()', '2026-03-02'],
  'day of week(date)': ['day of week(date("2019-09-17"))', 'Tuesday'],
  'day of year(date)': ['day of year(date and time("2019-09-17T12:00:00"))', 260],
  'week of year(date)': ['week of year(date("2019-09-17"))', 38],
  'month of year(date)': ['month of year(date("2019-09-17"))', 'September'],
  'abs(n)': ['abs(duration("-PT5H"))', 'PT5H'],
  'fromAi(value)': ['fromAi(toolCall.searchQuery)', 'feel'],
  'fromAi(value, description)': ['fromAi(toolCall.searchQuery, "The search query")', 'feel'],
  'fromAi(value, description, type)': ['fromAi(value: toolCall.userId, type: "number")', 7],
  'fromAi(value, description, type, schema)': ['fromAi(toolCall.searchQuery, "q", "string", {enum: ["feel"]})', 'feel'],
  'fromAi(value, description, type, schema, options)': ['fromAi(value: toolCall.searchQuery, options: {required: false})', 'feel'],
  'is defined(value)': ['is defined(missing)', false],
  'get or else(value, default)': ['get or else(null, "default")', 'default'],
  'assert(value, condition)': ['assert(x, x >= 0)', 4],
  'assert(value, condition, cause)': ['assert(x, x != null, "\'x\' should not be null")', 4],
  'duplicate values(list)': ['duplicate values([1,2,3,2,1])', [1, 2]],
  'is empty(list)': ['is empty([])', true],
  'partition(list, size)': ['partition([1,2,3,4,5], 2)', [[1, 2], [3, 4], [5]]],
  'random number()': ['random number()', (v: unknown) => typeof v === 'number' && v >= 0 && v < 1],
  'extract(string, pattern)': ['extract("references are 1234, 1256, 1378", "12[0-9]*")', ['1234', '1256']],
  'trim(string)': ['trim("  hello world  ")', 'hello world'],
  'uuid()': ['uuid()', matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)],
  'to base64(value)': ['to base64("FEEL")', 'RkVFTA=='],
  'from base64(value)': ['from base64("RkVFTA==")', 'FEEL'],
  'is blank(string)': ['is blank(" ")', true],
  'last day of month(date)': ['last day of month(date and time("2022-10-16T12:00:00"))', '2022-10-31'],
};

const vars = { x: 4, toolCall: { searchQuery: 'feel', userId: 7 } };

t.test('every published built-in has a case and gives what Camunda documents', async (t) => {
  const signatures = camundaBuiltins.map((b) => `${b.name}(${(b.params ?? []).map((p) => p.name).join(', ')})`);
  t.ok(signatures.length > 100, `the published list (${signatures.length} signatures)`);
  for (const sig of new Set(signatures)) {
    const c = cases[sig];
    if (!t.ok(c, `a case for ${sig}`)) continue;
    const [src, expected] = c!;
    const value = run(src, vars);
    if (typeof expected === 'function') t.ok((expected as (v: unknown) => boolean)(value), `${src} → ${JSON.stringify(value)}`);
    else t.same(value, expected, src);
    t.same(unknownFunctions({ feel: true, src }), [], `${src} calls known functions only`);
  }
});

t.test('is defined tells a missing or null value from a set one (the issue\'s branch)', async (t) => {
  const expr = 'if is defined(inquiry) then inquiry else "none"';
  t.equal(run(expr, { inquiry: 'asked' }), 'asked', 'a set variable is kept');
  t.equal(run(expr, {}), 'none');
  t.equal(run('is defined(x.y)', { x: {} }), false);
  t.equal(run('is defined(null)'), false, 'Camunda 8.8: null is not defined');
  t.equal(run('not(is defined(x))', { x: 1 }), false);
});

t.test('get or else, decimal and rounding overloads', async (t) => {
  t.equal(run('get or else("this", "default")'), 'this');
  t.equal(run('get or else(null, null)'), null);
  t.equal(run('decimal(2.5, 0, "half_up")'), 3);
  t.equal(run('decimal(1.5, 0)'), 2);
  t.equal(run('round up(5.5)'), 6, 'the scale is optional');
  t.equal(run('round half up(-5.5)'), -6);
  t.equal(run('partition([1,2], 0)'), null);
  t.equal(run('to json({a: 1, b: [true, "x"]})'), '{"a":1,"b":[true,"x"]}');
  t.equal(run('from json("nope")'), null);
});

t.test('assert fails the evaluation with its cause', async (t) => {
  t.throws(() => run('assert(x, x != null, "\'x\' should not be null")', {}), new ExpressionError(`Assertion failure on evaluate the expression 'assert(x, x != null, "'x' should not be null")': 'x' should not be null`));
  t.throws(() => run('assert(x, x >= 0)', { x: -1 }), /The condition is not fulfilled/);
});

t.test('an unknown function is an error naming it, never a silent null', async (t) => {
  t.throws(() => run('nope(1)'), new ExpressionError(`failed to evaluate expression 'nope(1)': no function found with name 'nope'`));
  t.throws(() => run('x(1)', { x: 5 }), /no function found with name 'x'/, 'a variable is not a function');
  t.same(unknownFunctions({ feel: true, src: 'is defined(a) and nope(2) and other thing(3)' }).slice(0, 1), ['nope']);
  t.same(unknownFunctions({ feel: true, src: '{f: function(a) a + 1, r: f(2)}.r' }), [], 'a function defined in the expression is known');
  t.same(unknownFunctions({ feel: false, src: 'nope(1)' }), [], 'a static value calls nothing');
});
