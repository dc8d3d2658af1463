Feature: every judging phrase, failing
  Background:
    Given Oven.Zone2.TempSP is set to 140 °C
    And zone2.temperature is set to 140 °C
    And Oven.Cmd.Start is set to on
    And Oven.Zone2.HeaterContactor is on within 100 ms

  Scenario: fail within
    Then Oven.Zone2.HeaterContactor is off within 200 ms

  Scenario: fail after scans
    Then Oven.Zone2.HeaterContactor is off after 3 scans

  Scenario: fail now
    Then Oven.Alarm.OverTemp is on

  Scenario: fail stays
    When zone2.temperature is set to 185 °C
    Then Oven.Zone2.HeaterContactor stays on for 1 s

  Scenario: fail never during
    When zone2.temperature is set to 185 °C
    Then Oven.Zone2.HeaterContactor never becomes off during the next 1 s

  Scenario: fail never while
    When zone2.temperature is set to 185 °C
    Then Oven.Alarm.OverTemp never becomes on while zone2.temperature is above 150 °C

  Scenario: fail edge
    Then Oven.Alarm.OverTemp rises within 500 ms

  Scenario: fail monitor
    Given throughout the scenario Oven.Zone2.HeaterContactor is on
    When zone2.temperature is set to 185 °C
    And I wait 1 s

  Scenario: fail wait until
    When I wait at most 300 ms until Oven.Alarm.OverTemp is on

  Scenario: fail connection lost
    When the connection to PLC oven is lost
    Then Oven.Zone2.HeaterContactor stays on for 1 s

  Scenario: fail clearing a fault that is not there
    When the fault on zone2.temperature is cleared
