import Foundation

extension MatchModel {
    /// The model the demo, the tests and a new deployment use until the operator fits one on their own
    /// data (`signpost matcher fit`): fitted by `signpost matcher fit` on the synthetic population,
    /// seed 1 (docs/matching.md). The same JSON ships as `models/match-model.json`.
    public static let shipped: MatchModel = try! MatchModel.decode(Data(shippedJSON.utf8))

    static let shippedJSON = #"""
        {
          "comparisons" : [
            {
              "levels" : [
                {
                  "m" : 0.811623,
                  "name" : "exact",
                  "u" : 0.00457992
                },
                {
                  "m" : 0.0151051,
                  "name" : "nickname",
                  "u" : 0.00172818
                },
                {
                  "m" : 0.0764759,
                  "name" : "close",
                  "u" : 0.0018491
                },
                {
                  "m" : 0.0247386,
                  "name" : "initial",
                  "u" : 0.00190452
                },
                {
                  "m" : 0.00401099,
                  "name" : "nicknameTypo",
                  "u" : 0.0033707
                },
                {
                  "m" : 0.00900279,
                  "name" : "twoEdits",
                  "u" : 0.00299786
                },
                {
                  "m" : 0.00193074,
                  "name" : "phonetic",
                  "u" : 0.000458496
                },
                {
                  "m" : 3.07633e-06,
                  "name" : "weak",
                  "u" : 0.000282151
                },
                {
                  "m" : 0.0571098,
                  "name" : "different",
                  "u" : 0.982829
                },
                {
                  "name" : "missing"
                }
              ],
              "name" : "given_name"
            },
            {
              "levels" : [
                {
                  "m" : 0.854754,
                  "name" : "exact",
                  "u" : 0.00575704
                },
                {
                  "m" : 0.0403101,
                  "name" : "partOf",
                  "u" : 0.00153555
                },
                {
                  "m" : 0.0818413,
                  "name" : "close",
                  "u" : 0.00200071
                },
                {
                  "m" : 0.00031432,
                  "name" : "twoEdits",
                  "u" : 0.00300607
                },
                {
                  "m" : 3.96034e-06,
                  "name" : "phonetic",
                  "u" : 0.000185066
                },
                {
                  "name" : "changed"
                },
                {
                  "m" : 0.0227759,
                  "name" : "different",
                  "u" : 0.987516
                },
                {
                  "name" : "missing"
                }
              ],
              "name" : "family_name"
            },
            {
              "levels" : [
                {
                  "m" : 0.906063,
                  "name" : "exact",
                  "u" : 0.000157854
                },
                {
                  "m" : 0.0170965,
                  "name" : "dayMonthSwapped",
                  "u" : 6.61968e-05
                },
                {
                  "m" : 0.0385647,
                  "name" : "withinTwoDays",
                  "u" : 0.000728165
                },
                {
                  "m" : 0.0328039,
                  "name" : "oneComponentOff",
                  "u" : 0.003595
                },
                {
                  "m" : 0.00378071,
                  "name" : "otherYear",
                  "u" : 0.00111007
                },
                {
                  "m" : 5.50315e-06,
                  "name" : "sameYear",
                  "u" : 0.05669
                },
                {
                  "m" : 0.00168588,
                  "name" : "different",
                  "u" : 0.937653
                },
                {
                  "name" : "missing"
                }
              ],
              "name" : "date_of_birth"
            },
            {
              "levels" : [
                {
                  "m" : 0.658895,
                  "name" : "exact",
                  "u" : 2.52094e-05
                },
                {
                  "m" : 0.0907706,
                  "name" : "postcode",
                  "u" : 1.00837e-05
                },
                {
                  "m" : 3.45535e-06,
                  "name" : "postcodeOtherAddress",
                  "u" : 1.00837e-05
                },
                {
                  "m" : 0.0875396,
                  "name" : "address",
                  "u" : 0.0327369
                },
                {
                  "m" : 0.000348867,
                  "name" : "postcodeTypo",
                  "u" : 4.53769e-05
                },
                {
                  "m" : 0.0020769,
                  "name" : "sector",
                  "u" : 0.00205204
                },
                {
                  "m" : 0.00205772,
                  "name" : "district",
                  "u" : 0.0183575
                },
                {
                  "m" : 0.000349502,
                  "name" : "sameStreet",
                  "u" : 0.000589899
                },
                {
                  "m" : 0.157958,
                  "name" : "different",
                  "u" : 0.946173
                },
                {
                  "name" : "missing"
                }
              ],
              "name" : "place"
            },
            {
              "levels" : [
                {
                  "m" : 0.976549,
                  "name" : "same",
                  "u" : 1.47835e-05
                },
                {
                  "m" : 0.0234511,
                  "name" : "different",
                  "u" : 0.999985
                },
                {
                  "name" : "missing"
                }
              ],
              "name" : "nhs_number"
            },
            {
              "levels" : [
                {
                  "m" : 0.988058,
                  "name" : "same",
                  "u" : 0.498501
                },
                {
                  "m" : 0.0119418,
                  "name" : "different",
                  "u" : 0.501499
                },
                {
                  "name" : "missing"
                }
              ],
              "name" : "sex"
            }
          ],
          "fittedOn" : "the synthetic population of seed 1: 20000 index x 5000 incoming records",
          "format" : "signpost-match-model",
          "log2PriorOdds" : -14.521297724168509,
          "version" : 1
        }
        """#
}
