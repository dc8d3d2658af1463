Feature: Notching press NOT1 light curtain (ISO 13855)
  The type 4 light curtain LC-501 (14 mm) is mounted at S = 310 mm from the die:
  S = 2000 mm/s x (15 ms curtain + 20 ms PLC + 120 ms press stopping time) = 310 mm.
  A hand breaking the curtain may therefore reach the die 155 ms later: by then the crank must stand
  still, and a stroke interrupted before bottom dead centre (180°) must not close the die.
  An interruption is latched: the press restarts only after a reset with the curtain clear and a new
  start command (restart interlock).

  Background: NOT1 runs continuous strokes at 120 strokes/min
    Given NotchingPress.Cmd.Mode is set to 2
    And NotchingPress.Cmd.MotorStart is pulsed for 100 ms
    And NotchingPress.Sts.StartPermissive is on within 7 s
    And NotchingPress.Cmd.Start is pulsed for 100 ms
    And notch.crank_speed_spm is 120 rpm ± 2 rpm within 2 s

  @requirement(NOT-S1)
  Scenario: A hand breaking the curtain during the closing stroke stops the crank before the die closes
    Given I wait at most 1 s until notch.crank_angle is between 60 ° and 70 °
    When notch.intrusion is set to on
    # the OSSDs drop after the 15 ms curtain response (20 ms at the 10 ms cycle); the next scan
    # de-energises both valve channels
    Then NotchingPress.ClutchValveA is off within 40 ms
    And NotchingPress.ClutchValveB is off
    And NotchingPress.Alarm.LightCurtain is on
    # the hand reaches the die 310 mm / 2000 mm/s = 155 ms after breaking the curtain
    And notch.standstill is on within 155 ms
    And notch.crank_angle is below 180 °
    And NotchingPress.ClutchValveA stays off for 1 s
    # the stopping-performance monitor measured it from clutch release (S assumes 120 ms for the press)
    And NotchingPress.Sts.LastStopTime is at most 120 ms

  @requirement(NOT-S1)
  Scenario: After a light curtain stop the press needs a reset with the curtain clear and a new start
    When notch.intrusion is set to on
    Then NotchingPress.ClutchValveA is off within 40 ms
    When NotchingPress.Cmd.Reset is pressed
    Then NotchingPress.Alarm.LightCurtain stays on for 1 s
    When NotchingPress.Cmd.Reset is released
    And notch.intrusion is set to off
    Then NotchingPress.ClutchValveA stays off for 1 s
    When NotchingPress.Cmd.Start is pressed
    Then NotchingPress.ClutchValveA stays off for 1 s
    When NotchingPress.Cmd.Start is released
    And NotchingPress.Cmd.Reset is pulsed for 200 ms
    Then NotchingPress.Alarm.LightCurtain is off
    # a reset alone never restarts the press
    And NotchingPress.ClutchValveA stays off for 2 s
    When NotchingPress.Cmd.Start is pulsed for 200 ms
    Then notch.crank_speed_spm is 120 rpm ± 2 rpm within 1 s

  @requirement(NOT-S1)
  Scenario: With OSSD 2 stuck high an interruption still stops the press and the OSSD fault blocks the reset
    When the ossd_stuck_high fault occurs in notch
    And notch.intrusion is set to on
    Then NotchingPress.ClutchValveA is off within 40 ms
    And notch.standstill is on within 155 ms
    And NotchingPress.Alarm.OssdDiscrepancy is on within 100 ms
    When NotchingPress.Cmd.Reset is pressed
    Then NotchingPress.Alarm.OssdDiscrepancy stays on for 1 s
    And NotchingPress.Sts.StartPermissive is off

  @requirement(NOT-S1)
  Scenario: An OSSD cross-short locks the curtain out: the press stops and cannot be reset
    When the ossd_cross_short fault occurs in notch
    Then NotchingPress.ClutchValveA is off within 20 ms
    And notch.standstill is on within 155 ms
    And NotchingPress.Alarm.LightCurtain is on
    When NotchingPress.Cmd.Reset is pressed
    Then NotchingPress.Alarm.LightCurtain stays on for 1 s
    And NotchingPress.Sts.StartPermissive is off

  @requirement(NOT-S1)
  Scenario: A broken OSSD 1 wire stops the press and is latched until repaired
    When the notch.ossd1 wire breaks
    Then NotchingPress.ClutchValveA is off within 20 ms
    And notch.standstill is on within 155 ms
    And NotchingPress.Alarm.OssdDiscrepancy is on within 100 ms
    When NotchingPress.Cmd.Reset is pressed
    Then NotchingPress.Alarm.OssdDiscrepancy stays on for 1 s
    When NotchingPress.Cmd.Reset is released
    And I wait 100 ms
    And the fault on notch.ossd1 is cleared
    And NotchingPress.Cmd.Reset is pulsed for 200 ms
    Then NotchingPress.Alarm.OssdDiscrepancy is off
    And NotchingPress.Alarm.LightCurtain is off
    And NotchingPress.ClutchValveA stays off for 1 s

  @requirement(NOT-S1)
  Scenario: With clutch valve channel A stuck energised the press still stops through channel B
    When the clutch_valve_stuck fault occurs in notch
    And I wait at most 1 s until notch.crank_angle is between 60 ° and 70 °
    And notch.intrusion is set to on
    Then NotchingPress.ClutchValveA is off within 40 ms
    And NotchingPress.ClutchValveB is off
    And notch.standstill is on within 155 ms
    And notch.crank_angle is below 180 °

  @requirement(NOT-S3)
  Scenario: A worn brake (stop 50 ms slower) locks the press out until maintenance acknowledges
    # brake wear: the brake engages 50 ms later than new
    When the stop_time_degradation fault of 0.05 occurs in notch
    And NotchingPress.Cmd.Stop is pulsed for 100 ms
    Then NotchingPress.ClutchValveA is off within 600 ms
    And NotchingPress.Alarm.StopTime is on within 500 ms
    And NotchingPress.Sts.LastStopTime is above 140 ms
    When the fault on notch is cleared
    And NotchingPress.Cmd.Reset is pulsed for 200 ms
    And NotchingPress.Cmd.Start is pressed
    Then NotchingPress.ClutchValveA stays off for 1 s
    And NotchingPress.Alarm.StopTime is on
    When NotchingPress.Cmd.Start is released
    And NotchingPress.Cmd.MaintenanceAck is set to on
    And NotchingPress.Cmd.Reset is pulsed for 200 ms
    Then NotchingPress.Alarm.StopTime is off
    And NotchingPress.ClutchValveA stays off for 1 s
    When NotchingPress.Cmd.Start is pulsed for 200 ms
    Then notch.crank_speed_spm is 120 rpm ± 2 rpm within 1 s

  @requirement(NOT-S3)
  Scenario: A brake 30 ms slower than nominal is still within the stopping-time budget
    When the stop_time_degradation fault of 0.03 occurs in notch
    And NotchingPress.Cmd.Stop is pulsed for 100 ms
    Then NotchingPress.ClutchValveA is off within 600 ms
    And NotchingPress.Sts.LastStopTime is between 121 ms and 140 ms within 500 ms
    And NotchingPress.Alarm.StopTime stays off for 1 s
    And NotchingPress.Sts.StartPermissive is on

  @requirement(NOT-P1)
  Scenario: With the curtain clear the press keeps stroking and stops at the top on request
    Then NotchingPress.ClutchValveA stays on for 10 s
    # 120 strokes/min: 20 strokes in 10 s (plus those of the start)
    And notch.stroke_count is at least 20
    And NotchingPress.Alarm.LightCurtain is off
    When NotchingPress.Cmd.Stop is pulsed for 100 ms
    Then NotchingPress.ClutchValveA is off within 600 ms
    And notch.standstill is on within 200 ms
    And notch.tdc is on
