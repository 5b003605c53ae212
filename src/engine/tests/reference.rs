//! Reference tests: the finance functions against an independent implementation. Expected values come
//! from LibreOffice Calc 7.4.7 (formulas evaluated headless; printed to 15 significant digits) and, for
//! PMT/IPMT/PPMT/NPV, also numpy-financial 1.0.0 — each value names its source. Several are also
//! the examples of Microsoft's Excel documentation (DB 186,083.33…, DDB 480/384/22.12, VDB 396.31,
//! SYD 4,090.91, SLN 2,250).

use crate::engine::amortization::{annual_depreciation, schedule, AssetInput};
use crate::engine::finance::{db, ddb, ipmt, loan_schedule, npv, pmt, ppmt, sln, syd, vdb};
use crate::scenario::{Depreciation, Financing};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Equal to the reference printed with 15 significant digits: within half a unit of its last digit.
fn assert_ref(got: Decimal, expected: Decimal, what: &str) {
    let tolerance = dec!(0.0000000001).max(expected.abs() * dec!(0.000000000000005));
    assert!((got - expected).abs() <= tolerance, "{what}: got {got}, reference {expected}");
}

#[test]
fn sln_matches_libreoffice() {
    assert_ref(sln(dec!(30000), dec!(7500), 10).expect("sln"), dec!(2250), "=SLN(30000;7500;10)");
    assert_ref(sln(dec!(10000), dec!(1000), 5).expect("sln"), dec!(1800), "=SLN(10000;1000;5)");
}

#[test]
fn syd_matches_libreoffice() {
    let cases = [
        ((dec!(30000), dec!(7500), 10, 1), dec!(4090.90909090909)),
        ((dec!(30000), dec!(7500), 10, 10), dec!(409.090909090909)),
        ((dec!(10000), dec!(1000), 5, 1), dec!(3000)),
        ((dec!(10000), dec!(1000), 5, 5), dec!(600)),
        ((dec!(12000), dec!(1200), 5, 3), dec!(2160)),
    ];
    for ((c, s, l, p), expected) in cases {
        assert_ref(syd(c, s, l, p).expect("syd"), expected, &format!("=SYD({c};{s};{l};{p})"));
    }
}

#[test]
fn db_matches_libreoffice() {
    let cases = [
        ((dec!(1000000), dec!(100000), 6, 1, 7), dec!(186083.333333333)),
        ((dec!(1000000), dec!(100000), 6, 2, 7), dec!(259639.416666667)),
        ((dec!(1000000), dec!(100000), 6, 7, 7), dec!(15845.0984738481)),
        ((dec!(1000000), dec!(100000), 6, 1, 12), dec!(319000)),
        ((dec!(1000000), dec!(100000), 6, 6, 12), dec!(46722.5182806209)),
        ((dec!(10000), dec!(1000), 5, 1, 12), dec!(3690)),
        ((dec!(10000), dec!(1000), 5, 2, 12), dec!(2328.39)),
        ((dec!(10000), dec!(1000), 5, 3, 12), dec!(1469.21409)),
        ((dec!(10000), dec!(1000), 5, 4, 12), dec!(927.07409079)),
        ((dec!(10000), dec!(1000), 5, 5, 12), dec!(584.98375128849)),
        ((dec!(12000), dec!(1200), 5, 1, 12), dec!(4428)),
    ];
    for ((c, s, l, p, m), expected) in cases {
        assert_ref(db(c, s, l, p, m).expect("db"), expected, &format!("=DB({c};{s};{l};{p};{m})"));
    }
}

#[test]
fn ddb_matches_libreoffice() {
    let cases = [
        ((dec!(2400), dec!(300), 10, 1), dec!(480)),
        ((dec!(2400), dec!(300), 10, 2), dec!(384)),
        ((dec!(2400), dec!(300), 10, 10), dec!(22.1225472000002)),
        ((dec!(10000), dec!(1000), 5, 4), dec!(864)),
        ((dec!(10000), dec!(1000), 5, 5), dec!(296)),
    ];
    for ((c, s, l, p), expected) in cases {
        assert_ref(ddb(c, s, l, p, Decimal::TWO).expect("ddb"), expected, &format!("=DDB({c};{s};{l};{p})"));
    }
}

#[test]
fn vdb_matches_libreoffice_including_the_switch_to_straight_line() {
    let two = Decimal::TWO;
    let cases = [
        ((dec!(2400), dec!(300), 10, 0, 1, two, false), dec!(480)),
        ((dec!(2400), dec!(300), 120, 6, 18, two, false), dec!(396.306053264752)),
        ((dec!(2400), dec!(300), 120, 6, 18, dec!(1.5), false), dec!(311.808936658233)),
        ((dec!(2400), dec!(300), 10, 0, 10, two, false), dec!(2100)),
        ((dec!(2400), dec!(300), 10, 6, 7, two, false), dec!(125.82912)),
        ((dec!(2400), dec!(300), 10, 9, 10, two, false), dec!(22.1225472000001)),
        ((dec!(12000), dec!(1200), 5, 3, 4, two, false), dec!(1036.8)),
        ((dec!(12000), dec!(1200), 5, 4, 5, two, false), dec!(355.200000000001)),
        // Salvage 0: DDB would give 864 in year 4, straight line over the 2 years left gives 1,080.
        ((dec!(10000), dec!(0), 5, 2, 3, two, false), dec!(1440)),
        ((dec!(10000), dec!(0), 5, 3, 4, two, false), dec!(1080)),
        ((dec!(10000), dec!(0), 5, 4, 5, two, false), dec!(1080)),
        ((dec!(10000), dec!(0), 5, 0, 5, two, false), dec!(10000)),
        ((dec!(10000), dec!(0), 5, 3, 5, two, true), dec!(1382.4)),
        ((dec!(10000), dec!(1000), 5, 3, 5, two, true), dec!(1160)),
    ];
    for ((c, s, l, a, b, f, no_switch), expected) in cases {
        let what = format!("=VDB({c};{s};{l};{a};{b};{f};{})", u8::from(no_switch));
        assert_ref(vdb(c, s, l, a, b, f, no_switch).expect("vdb"), expected, &what);
    }
}

#[test]
fn engine_depreciation_methods_follow_the_reference_functions() {
    // double_declining_balance = VDB factor 2 by year: 10,000 salvage 0 over 5 years
    // (LibreOffice VDB(10000;0;5;y−1;y)): 4,000, 2,400, 1,440, 1,080, 1,080.
    let ddb_years =
        annual_depreciation(dec!(10000), dec!(0), 5, &Depreciation::DoubleDecliningBalance).expect("ddb");
    assert_eq!(ddb_years, vec![dec!(4000), dec!(2400), dec!(1440), dec!(1080), dec!(1080)]);
    // sum_of_years_digits = SYD: 12,000 salvage 1,200 over 5 years: 3,600, 2,880, 2,160, 1,440, 720.
    let syd_years =
        annual_depreciation(dec!(12000), dec!(1200), 5, &Depreciation::SumOfYearsDigits).expect("syd");
    assert_eq!(syd_years, vec![dec!(3600), dec!(2880), dec!(2160), dec!(1440), dec!(720)]);
    // declining_balance without a rate = spreadsheet DB (rate 0.369 for 10,000 → 1,000 over 5 years):
    // years 1–4 as =DB(10000;1000;5;y); year 5 takes what is left down to the residual, 584.31…
    // (DB itself gives 584.98 and would end 0.67 below the residual).
    let db_years = annual_depreciation(
        dec!(10000),
        dec!(1000),
        5,
        &Depreciation::DecliningBalance(crate::scenario::DecliningBalanceTerms { rate: None }),
    )
    .expect("db");
    assert_ref(db_years[0], dec!(3690), "=DB(10000;1000;5;1)");
    assert_ref(db_years[3], dec!(927.07409079), "=DB(10000;1000;5;4)");
    assert_eq!(db_years.iter().copied().sum::<Decimal>(), dec!(9000));
    // straight_line = SLN.
    let sl = annual_depreciation(dec!(30000), dec!(7500), 10, &Depreciation::StraightLine).expect("sl");
    assert!(sl.iter().all(|y| *y == dec!(2250)));
}

#[test]
fn pmt_ipmt_ppmt_match_libreoffice_and_numpy_financial() {
    let r = dec!(0.005); // 6 % ÷ 12
                         // LibreOffice =PMT(0.06/12;36;10000) = −304.219374515551; npf.pmt(0.005, 36, 10000) = −304.21937451555715.
    assert_ref(pmt(r, 36, dec!(10000)).expect("pmt"), dec!(-304.219374515551), "PMT");
    // =PMT(0.05/12;60;25000) = −471.780841100273; npf.pmt(0.05/12, 60, 25000) = −471.78084110027476.
    assert_ref(pmt(dec!(0.05) / dec!(12), 60, dec!(25000)).expect("pmt"), dec!(-471.780841100273), "PMT 5%");
    // =PMT(0;12;1200) = −100.
    assert_eq!(pmt(dec!(0), 12, dec!(1200)), Ok(dec!(-100)));
    // =IPMT(0.06/12;1;36;10000) = −50; (…;12;…) = −35.6630866854698; (…;36;…) = −1.51352922644665
    // (npf.ipmt: −50.0, −35.66308668546944, −1.5135292264455167).
    assert_ref(ipmt(r, 1, 36, dec!(10000)).expect("ipmt"), dec!(-50), "IPMT 1");
    assert_ref(ipmt(r, 12, 36, dec!(10000)).expect("ipmt"), dec!(-35.6630866854698), "IPMT 12");
    assert_ref(ipmt(r, 36, 36, dec!(10000)).expect("ipmt"), dec!(-1.51352922644665), "IPMT 36");
    // =PPMT(…;1;…) = −254.219374515551; (…;12;…) = −268.556287830081; (…;36;…) = −302.705845289105.
    assert_ref(ppmt(r, 1, 36, dec!(10000)).expect("ppmt"), dec!(-254.219374515551), "PPMT 1");
    assert_ref(ppmt(r, 12, 36, dec!(10000)).expect("ppmt"), dec!(-268.556287830081), "PPMT 12");
    assert_ref(ppmt(r, 36, 36, dec!(10000)).expect("ppmt"), dec!(-302.705845289105), "PPMT 36");
}

#[test]
fn loan_schedule_follows_ipmt_and_ppmt_and_clears_the_balance() {
    let months = loan_schedule(dec!(10000), dec!(0.06), 36).expect("loan");
    assert_ref(months[0].interest, dec!(50), "IPMT 1");
    assert_ref(months[11].interest, dec!(35.6630866854698), "IPMT 12");
    assert_ref(months[11].principal, dec!(268.556287830081), "PPMT 12");
    assert_ref(months[35].principal, dec!(302.705845289105), "PPMT 36");
    assert_eq!(months[35].balance, Decimal::ZERO);
    assert_eq!(months.iter().map(|m| m.principal).sum::<Decimal>(), dec!(10000));
}

#[test]
fn npv_matches_numpy_financial_and_the_spreadsheet_convention() {
    // npf.npv(0.08, [−1000, 300, 400, 500]) = 17.62942640857591 (first value at t = 0).
    assert_ref(
        npv(dec!(0.08), &[dec!(-1000), dec!(300), dec!(400), dec!(500)]).expect("npv"),
        dec!(17.62942640857591),
        "npf.npv",
    );
    // A spreadsheet's NPV starts at t = 1: =NPV(0.1;−1000;300;400;500) = −19.1243767502221
    // = npf.npv(0.1, [0, −1000, 300, 400, 500]).
    let spreadsheet = npv(dec!(0.1), &[dec!(0), dec!(-1000), dec!(300), dec!(400), dec!(500)]).expect("npv");
    assert_ref(spreadsheet, dec!(-19.1243767502221), "=NPV(0.1;…)");
    // =NPV(0.08;300;400;500) = 1017.62942640858.
    assert_ref(
        npv(dec!(0.08), &[dec!(0), dec!(300), dec!(400), dec!(500)]).expect("npv"),
        dec!(1017.62942640858),
        "=NPV(0.08;…)",
    );
}

#[test]
fn amortization_schedule_for_one_financed_asset() {
    let input: AssetInput = serde_json::from_value(serde_json::json!({
        "currency": "USD", "cost": "12000", "residual_rate": "0.1", "useful_life_years": 5,
        "depreciation": "double_declining_balance",
        "financing": {"loan": {"rate": "0.06", "term_months": 36, "down_payment_rate": "0.2"}},
        "start": "2026-01"
    }))
    .expect("input");
    let s = schedule(&input).expect("schedule");
    // Yearly depreciation = LibreOffice VDB(12000;1200;5;y−1;y): 4,800, 2,880, 1,728, 1,036.80, 355.20.
    let years: Vec<Decimal> = s.yearly.iter().map(|y| y.depreciation).collect();
    assert_eq!(years, vec![dec!(4800.00), dec!(2880.00), dec!(1728.00), dec!(1036.80), dec!(355.20)]);
    assert_eq!(s.monthly[0].depreciation, dec!(400.00)); // 4,800 ÷ 12
    assert_eq!(s.monthly.len(), 60);
    assert_eq!(s.monthly[59].book_value, dec!(1200.00));
    assert_eq!(s.totals.depreciation, dec!(10800.00));
    // Loan 9,600 at 0.5 % a month over 36 months: =PMT(0.005;36;9600) = −292.050599534929.
    assert_eq!(s.loan_payment, Some(dec!(292.05)));
    assert_eq!(s.monthly[0].interest, dec!(48.00)); // 9,600 × 0.5 %
    assert_eq!(s.monthly[35].loan_balance, dec!(0.00));
    assert_eq!(s.totals.principal, dec!(9600.00));
    assert_eq!(s.totals.purchase, dec!(2400.00));
    // Total interest = 36 × 292.050599534929 − 9,600 = 913.82.
    assert_eq!(s.totals.interest, dec!(913.82));
    assert_eq!(s.totals.cash, dec!(12913.82));
    assert_eq!(s.monthly[0].period.map(|p| p.to_string()), Some("2026-01".into()));
    assert_eq!(
        s.financing,
        Financing::Loan(crate::scenario::LoanTerms {
            rate: dec!(0.06),
            term_months: 36,
            down_payment_rate: Some(dec!(0.2))
        })
    );
}

#[test]
fn amortization_input_problems_carry_pointers() {
    let input: AssetInput = serde_json::from_value(serde_json::json!({
        "currency": "USD", "cost": "-5", "useful_life_years": 0,
        "financing": {"loan": {"rate": "2", "term_months": 0}}
    }))
    .expect("input");
    let Err(crate::engine::EngineError::Invalid(errors)) = schedule(&input) else {
        panic!("expected invalid")
    };
    let pointers: Vec<&str> = errors.0.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/cost", "/useful_life_years", "/financing/loan/rate", "/financing/loan/term_months"]
    );
}

fn asset(json: serde_json::Value) -> AssetInput {
    serde_json::from_value(json).expect("input")
}

/// The loan payment column is the level payment rounded cumulatively, not interest cell + principal cell.
#[test]
fn amortization_loan_payment_column_is_the_level_payment() {
    let s = schedule(&asset(serde_json::json!({
        "currency": "USD", "cost": "12000", "useful_life_years": 5,
        "financing": {"loan": {"rate": "0.06", "term_months": 36, "down_payment_rate": "0.2"}}
    })))
    .expect("schedule");
    // Reference (Python, numpy-financial 1.0): p = -npf.pmt(0.06/12, 36, 9600) = 292.05059953493486;
    // month t shows round(t·p) − round((t−1)·p) (decimal, half up): 292.05 except 292.06 in months 9
    // and 26, adding up to round(36·p) = 10,513.82. (Interest cell + principal cell, each rounded
    // cumulatively from npf.ipmt/npf.ppmt, wanders: 292.06 in month 5, 292.04 in month 6, …)
    let payments: Vec<Decimal> = s.monthly.iter().take(36).map(|m| m.loan_payment).collect();
    let expected: Vec<Decimal> =
        (1..=36).map(|t| if t == 9 || t == 26 { dec!(292.06) } else { dec!(292.05) }).collect();
    assert_eq!(payments, expected);
    assert_eq!(payments.iter().copied().sum::<Decimal>(), dec!(10513.82));
    assert!(s.monthly.iter().skip(36).all(|m| m.loan_payment.is_zero()));
    assert_eq!(s.totals.cash, dec!(12913.82)); // 2,400 down + 10,513.82
}

/// Depreciation runs to the exact residual, as in a comparison: 2,000.10 × 5 % = 100.005, not 100.01.
#[test]
fn amortization_depreciates_to_the_exact_residual() {
    let s = schedule(&asset(serde_json::json!({
        "currency": "USD", "cost": "2000.10", "residual_rate": "0.05", "useful_life_years": 5
    })))
    .expect("schedule");
    // By hand: (2,000.10 − 100.005) ÷ 5 = 380.019 a year; running totals 380.019·y rounded: 380.02,
    // 760.04, 1,140.06, 1,520.08, 1,900.10, so every year shows 380.02 and the total is 1,900.10
    // (depreciating to the rounded residual 100.01 gave 1,900.09, with 380.01 in year 3).
    let years: Vec<Decimal> = s.yearly.iter().map(|y| y.depreciation).collect();
    assert_eq!(years, vec![dec!(380.02); 5]);
    assert_eq!(s.totals.depreciation, dec!(1900.10));
    // Book value 2,000.10 − 380.019·y, rounded: 1,620.08, 1,240.06, 860.04, 480.02, 100.01 (= round(100.005)).
    let books: Vec<Decimal> = s.yearly.iter().map(|y| y.book_value).collect();
    assert_eq!(books, vec![dec!(1620.08), dec!(1240.06), dec!(860.04), dec!(480.02), dec!(100.01)]);
    assert_eq!(s.residual, dec!(100.01));
}

/// A lease renews when its term ends inside the schedule (the `Financing` schema and the README).
#[test]
fn amortization_lease_renews_at_term_end() {
    let s = schedule(&asset(serde_json::json!({
        "currency": "USD", "cost": "12000", "useful_life_years": 5,
        "financing": {"lease": {"monthly_rate": "0.03", "term_months": 24}}
    })))
    .expect("schedule");
    // 12,000 × 3 % = 360 at the start of every month: leases in months 1–24, 25–48 and 49–60 (shown).
    assert_eq!(s.monthly.len(), 60);
    assert!(s.monthly.iter().all(|m| m.lease_payment == dec!(360.00)), "a payment every month");
    assert_eq!(s.totals.lease, dec!(21600.00)); // 60 × 360 (the first term alone was 8,640)
    assert_eq!(s.yearly.iter().map(|y| y.lease).collect::<Vec<_>>(), vec![dec!(4320.00); 5]);
    assert_eq!(s.totals.cash, dec!(21600.00));
}
