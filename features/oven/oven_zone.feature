Feature: Coater oven zone 2 over-temperature interlock (OVN-S6)
  An excess temperature in a solvent drying oven must open the zone heater contactor within 1 s,
  and the over-temperature alarm stays latched until an operator resets it with the cause gone.

  Background: the zone is running at its 140 °C set point
    Given Oven.Zone2.TempSP is set to 140 °C
    And zone2.temperature is set to 140 °C
    And Oven.Cmd.Start is set to on
    And Oven.Zone2.HeaterContactor is on within 100 ms

  Scenario: An excess temperature trips the zone heater within 1 s and latches the alarm
    When zone2.temperature is set to 185 °C
    Then Oven.Zone2.HeaterContactor is off within 1 s
    And Oven.Alarm.OverTemp is on within 1 s
    When zone2.temperature is set to 120 °C
    Then Oven.Alarm.OverTemp stays on for 10 s
    And Oven.Zone2.HeaterContactor stays off for 5 s
    When Oven.Cmd.Reset is set to on
    Then Oven.Alarm.OverTemp is off within 100 ms
    And Oven.Zone2.HeaterContactor is on within 100 ms

  Scenario: A zone temperature above the trip point must persist 200 ms before it trips
    When zone2.temperature is set to 170 °C
    Then Oven.Alarm.OverTemp stays off for 150 ms
    And Oven.Alarm.OverTemp is on within 1 s
    And Oven.Zone2.HeaterContactor is off within 100 ms

  Scenario: A reset is refused while the zone is still too hot
    When zone2.temperature is set to 185 °C
    Then Oven.Alarm.OverTemp is on within 1 s
    When Oven.Cmd.Reset is set to on
    Then Oven.Alarm.OverTemp stays on for 2 s

  Scenario: In normal operation the heater stays on and holds the set point
    Then Oven.Zone2.HeaterContactor stays on for 60 s
    And Oven.Alarm.OverTemp stays off for 1 s
    And zone2.temperature is 140 °C ± 2 °C within 1 s
    And Oven.Zone2.HeaterPower is 57.5 % ± 3 % within 1 s
